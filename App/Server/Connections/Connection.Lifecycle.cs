using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Stateless;
using Stateless.Reflection;
using State = EspWs.App.Server.ConnectionState;
using Trigger = EspWs.App.Server.ConnectionTrigger;

namespace EspWs.App.Server.Connections;

// The lifecycle of a connection (docs/state-machine.md): one Stateless definition, the intent methods that fire it
// and the actions it runs. The connection's own loop is the only caller, and actions never await: the close frame an
// action queues is sent by that loop (ClosePhase.RunAsync).
internal sealed partial class Connection
{
    private int _state;
    private int _released;
    private Exception? _actionFailure;

    /// <summary>The connection's lifecycle state; safe to read from any thread.</summary>
    public State State => (State)Volatile.Read(ref _state);

    /// <summary>The lifecycle's definition, every action described, for the generated documentation.</summary>
    public static StateMachineInfo LifecycleInfo
    {
        get
        {
            lock (Lifecycle.Gate)
            {
                return Lifecycle.Machine.GetInfo();
            }
        }
    }

    private void OnClientAccepted() => Fire(Trigger.ClientAccepted);

    private void OnFaulted() => Fire(Trigger.Faulted);

    private void OnPeerGone() => Fire(Trigger.PeerGone);

    private void OnHandshakeRefused(int status) => Fire(status, static (m, s) => m.Fire(Lifecycle.HandshakeRefused, s));

    private void OnCloseReceived(ushort code) => Fire(code, static (m, c) => m.Fire(Lifecycle.CloseReceived, c));

    private void OnCloseRequested(ushort code, string reason) =>
        Fire((code, reason), static (m, a) => m.Fire(Lifecycle.CloseRequested, a.code, a.reason));

    private void OnProtocolViolated(ushort code, string reason) =>
        Fire((code, reason), static (m, a) => m.Fire(Lifecycle.ProtocolViolated, a.code, a.reason));

    /// <summary>Fires what a phase reported, through the intent method of its trigger.</summary>
    private void On(LifecycleEvent what)
    {
        switch (what.Trigger)
        {
            case Trigger.HandshakeRefused:
                OnHandshakeRefused(what.Code);
                break;
            case Trigger.CloseReceived:
                OnCloseReceived(what.Code);
                break;
            case Trigger.CloseRequested:
                OnCloseRequested(what.Code, what.Reason);
                break;
            case Trigger.ProtocolViolated:
                OnProtocolViolated(what.Code, what.Reason);
                break;
            default:
                Fire(what.Trigger);
                break;
        }
    }

    private void Fire(Trigger trigger)
    {
        Debug.Assert(trigger is not (Trigger.HandshakeRefused or Trigger.CloseReceived or Trigger.CloseRequested or Trigger.ProtocolViolated),
            "A trigger with parameters fired without them would pass a default close code.");
        Fire(trigger, static (m, t) => m.Fire(t));
    }

    // One definition serves every connection: under the gate the machine reads and writes this connection's state.
    // An action that failed has only recorded it; the connection is faulted once Fire has returned.
    private void Fire<TArg>(TArg arg, Action<StateMachine<State, Trigger>, TArg> fire)
    {
        lock (Lifecycle.Gate)
        {
            Lifecycle.Current = this;
            try
            {
                fire(Lifecycle.Machine, arg);
            }
            finally
            {
                Lifecycle.Current = null;
            }
        }

        if (_actionFailure is { } failure)
        {
            _actionFailure = null;
            Log.LogError(failure, "Slot {Slot}: a lifecycle action failed on the way to {State}; the connection is faulted.", SlotId, State);
            OnFaulted();
        }
    }

    private void Try(Action<Connection> action)
    {
        try
        {
            action(this);
        }
        catch (Exception ex)
        {
            _actionFailure ??= ex;
        }
    }

    private void OnUnhandled(State state, Trigger trigger)
    {
        Log.LogError("Slot {Slot}: trigger {Trigger} is not taken in state {State}; the connection is cut.", SlotId, trigger, state);
        Abort(AbortReason.Faulted);
    }

    private void JoinBroadcastSet()
    {
        _context.Broadcast.Join(this);
        Counters.OnConnected();
    }

    private void LeaveBroadcastSet()
    {
        _context.Broadcast.Leave(this);
        Counters.OnDisconnected();
    }

    private void CloseReceived(ushort code)
    {
        Counters.OnCloseReceived(code);
        Close.Queue(Trigger.CloseReceived, code, "");
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        try
        {
            Abort(AbortReason.Released);
            if (_transport is { } transport)
            {
                transport.Close();
            }
            else
            {
                SocketClosing.Close(_socket);
            }

            Send.Release();
            Receive.Release();
        }
        finally
        {
            _context.Released(this);
            _wake.Dispose();
        }
    }

    /// <summary>The one configured machine; it acts on <see cref="Current"/>, the connection it is fired for.</summary>
    private static class Lifecycle
    {
        public static readonly object Gate = new();

        public static readonly StateMachine<State, Trigger> Machine = new(
            () => Current is { } connection ? connection.State : State.WaitingForClient,
            state => Volatile.Write(ref Current!._state, (int)state));

        public static readonly StateMachine<State, Trigger>.TriggerWithParameters<int> HandshakeRefused =
            Machine.SetTriggerParameters<int>(Trigger.HandshakeRefused);

        public static readonly StateMachine<State, Trigger>.TriggerWithParameters<ushort> CloseReceived =
            Machine.SetTriggerParameters<ushort>(Trigger.CloseReceived);

        public static readonly StateMachine<State, Trigger>.TriggerWithParameters<ushort, string> CloseRequested =
            Machine.SetTriggerParameters<ushort, string>(Trigger.CloseRequested);

        public static readonly StateMachine<State, Trigger>.TriggerWithParameters<ushort, string> ProtocolViolated =
            Machine.SetTriggerParameters<ushort, string>(Trigger.ProtocolViolated);

        // Set and read only under Gate.
        public static Connection? Current;

        static Lifecycle()
        {
            Machine.Configure(State.WaitingForClient)
                .OnEntry(Act(c => c.Release()), "return the buffers, close the transport, give the slot back")
                .OnEntryFrom(HandshakeRefused, Act<int>((c, status) => c.Counters.OnRefused(status)), "count the refusal by status")
                .Permit(Trigger.ClientAccepted, State.Handshaking);

            Machine.Configure(State.Handshaking)
                .OnEntry(Act(c => c.Deadlines.ArmHandshake()), "arm the handshake deadline")
                .OnExit(Act(c => c.Deadlines.DisarmHandshake()), "disarm the handshake deadline")
                .Permit(Trigger.HandshakeAccepted, State.Connected)
                .Permit(Trigger.HandshakeRefused, State.WaitingForClient)
                .Permit(Trigger.HttpRequestServed, State.WaitingForClient)
                .Permit(Trigger.HandshakeTimedOut, State.WaitingForClient)
                .Permit(Trigger.PeerGone, State.WaitingForClient)
                .Permit(Trigger.Faulted, State.WaitingForClient);

            Machine.Configure(State.Connected)
                .OnEntry(Act(c => c.Send.OpenQueue()), "open the send queue")
                .OnEntry(Act(c => c.JoinBroadcastSet()), "join the broadcast set")
                .OnEntry(Act(c => c.Deadlines.ArmKeepalive()), "arm the keepalive")
                .OnExit(Act(c => c.Deadlines.DisarmKeepalive()), "disarm the keepalive")
                .OnExit(Act(c => c.LeaveBroadcastSet()), "leave the broadcast set")
                .OnExit(Act(c => c.Send.DropQueue()), "drop the send queue")
                .Permit(Trigger.CloseReceived, State.Closing)
                .Permit(Trigger.CloseRequested, State.Closing)
                .Permit(Trigger.ProtocolViolated, State.Closing)
                .Permit(Trigger.Faulted, State.Closing)
                .Permit(Trigger.PeerGone, State.WaitingForClient);

            Machine.Configure(State.Closing)
                .OnEntry(Act(c => c.Deadlines.ArmClose()), "arm the close deadline")
                .OnEntryFrom(CloseReceived, Act<ushort>((c, code) => c.CloseReceived(code)), "count the peer's close, queue the answer with its code")
                .OnEntryFrom(CloseRequested, Act<ushort, string>((c, code, reason) => c.Close.Queue(Trigger.CloseRequested, code, reason)),
                    "queue the requested close frame")
                .OnEntryFrom(ProtocolViolated, Act<ushort, string>((c, code, reason) => c.Close.Queue(Trigger.ProtocolViolated, code, reason)),
                    "queue the failure's close frame")
                .OnEntryFrom(Trigger.Faulted, Act(c => c.Close.Queue(Trigger.Faulted, 1011, "internal error")), "queue a 1011 close frame")
                .Permit(Trigger.Closed, State.WaitingForClient)
                .Permit(Trigger.PeerGone, State.WaitingForClient);

            Machine.OnUnhandledTrigger((state, trigger) => Current!.OnUnhandled(state, trigger));

            // One Debug line an edge, so a connection's life can be read from the log.
            Machine.OnTransitioned(t => Current!.Log.LogDebug("Slot {Slot}: {Source} -> {Destination} on {Trigger}.",
                Current.SlotId, t.Source, t.Destination, t.Trigger));
        }

        private static Action Act(Action<Connection> action) => () => Current!.Try(action);

        private static Action<T> Act<T>(Action<Connection, T> action) => arg => Current!.Try(c => action(c, arg));

        private static Action<T1, T2> Act<T1, T2>(Action<Connection, T1, T2> action) => (a, b) => Current!.Try(c => action(c, a, b));
    }
}
