using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EspWs.App.Configuration;
using EspWs.App.Server.Transport;
using Microsoft.Extensions.Logging;
using Stateless;
using Stateless.Reflection;
using State = EspWs.App.Server.ConnectionState;
using Trigger = EspWs.App.Server.ConnectionTrigger;

namespace EspWs.App.Server.Connections;

/// <summary>
/// One client's connection, from accept to close: it owns its phases (handshake, receive, send, close), its
/// deadlines and its lifecycle (docs/state-machine.md), and it exists only while the client does.
/// </summary>
/// <remarks>
/// Its own loop (<see cref="RunAsync"/>) runs the phases in turn and fires what each reports as the lifecycle's
/// trigger; it is the only one that reads the socket or fires the machine. Other threads (the watchdog, a broadcast,
/// the server at shutdown) only post: they set a request and wake the loop, or cut the connection outright.
/// </remarks>
// Not IDisposable: Release gives everything back when the lifecycle returns to WaitingForClient; the abort source
// stays undisposed because a send still leaving its last write may read its token.
#pragma warning disable CA1001
internal sealed class Connection : IClientConnection
#pragma warning restore CA1001
{
    private readonly ConnectionContext _context;
    private readonly CancellationTokenSource _abort = new();
    private IConnectionTransport? _transport;
    private int _abortReason;
    private int _state;
    private int _released;
    private Exception? _actionFailure;

    /// <summary>Creates the connection of the client on <paramref name="socket"/>, in slot <paramref name="slotId"/>.</summary>
    public Connection(int slotId, Socket socket, ConnectionContext context)
    {
        SlotId = slotId;
        Socket = socket;
        _context = context;
        RemoteEndPoint = socket.RemoteEndPoint;
        Wake = new LoopWake(_abort.Token);
        Deadlines = new ConnectionDeadlines(context.Time);
        Receive = new ReceivePhase(this);
        Send = new SendPhase(this);
        Close = new ClosePhase(this);
    }

    /// <inheritdoc/>
    public int SlotId { get; }

    /// <inheritdoc/>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The accepted socket, under the transport.</summary>
    public Socket Socket { get; }

    /// <summary>Where the connection sits in the broadcast set; -1 when it is not in it.</summary>
    public int BroadcastIndex { get; set; } = -1;

    /// <summary>The receive side.</summary>
    public ReceivePhase Receive { get; }

    /// <summary>The send side.</summary>
    public SendPhase Send { get; }

    /// <summary>The closing handshake.</summary>
    public ClosePhase Close { get; }

    /// <summary>The armed deadlines.</summary>
    public ConnectionDeadlines Deadlines { get; }

    /// <summary>How other threads post a request to the loop.</summary>
    public LoopWake Wake { get; }

    /// <summary>The server's limits and timeouts.</summary>
    public ServerSettings Options => _context.Options;

    /// <summary>The server's running totals.</summary>
    public ServerCounters Counters => _context.Counters;

    /// <summary>The message memory shared by all connections.</summary>
    public MessageMemoryBudget Budget => _context.Budget;

    /// <summary>Who handles each message.</summary>
    public IMessageHandler Handler => _context.Handler;

    /// <summary>Who answers plain HTTP.</summary>
    public IHttpEndpoint Http => _context.Http;

    /// <summary>Who may open a WebSocket.</summary>
    public HandshakePolicy Policy => _context.Policy;

    /// <summary>The transport-setup step (plain, or TLS).</summary>
    public IConnectionTransportFactory Transports => _context.Transports;

    /// <summary>The server's log.</summary>
    public ILogger Log => _context.Log;

    /// <summary>The transport, once the handshake has set it up.</summary>
    public IConnectionTransport Transport
    {
        get => _transport ?? throw new InvalidOperationException("The transport is not set up yet.");
        set => _transport = value;
    }

    /// <summary>Cancelled when the connection is cut.</summary>
    public CancellationToken AbortToken => _abort.Token;

    /// <summary>True once the connection was cut.</summary>
    public bool IsAborted => _abort.IsCancellationRequested;

    /// <summary>Why the connection was cut, if it was.</summary>
    public AbortReason CurrentAbortReason => (AbortReason)Volatile.Read(ref _abortReason);

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

    /// <summary>Serves the client until its connection ends, then gives everything back. Never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            OnClientAccepted();
            On(await new HandshakePhase(this).RunAsync());
            if (State == State.Connected)
            {
                Log.LogInformation("Slot {Slot}: WebSocket client {Remote} connected.", SlotId, RemoteEndPoint);
                On(await Receive.RunAsync());
            }

            if (State == State.Closing)
            {
                On(await Close.RunAsync());
            }
        }
        catch (Exception ex)
        {
            await FailAsync(ex);
        }
        finally
        {
            if (State != State.WaitingForClient)
            {
                // Only reached when even the failure path could not finish; the slot must still come back.
                Log.LogError("Slot {Slot}: connection ended in state {State}; its resources are released.", SlotId, State);
                Release();
            }
        }
    }

    /// <inheritdoc/>
    public bool TrySend(ReadOnlyMemory<byte> frame)
    {
        if (State != State.Connected)
        {
            return false;
        }

        if (Send.TryQueue(frame, out bool full))
        {
            return true;
        }

        if (full && Close.TryRequest(1008, "send queue full"))
        {
            Log.LogWarning("Slot {Slot}: client {Remote} does not read; its send queue of {Length} is full, closing it with 1008.",
                SlotId, RemoteEndPoint, Options.SendQueueLength);
            Counters.OnDroppedTooSlow();

            // Posted, not done here: waking the loop may run its continuation, and this caller may be a broadcast.
            ThreadPool.UnsafeQueueUserWorkItem(static c => c.Wake.Post(WakeRequest.Close), this, preferLocal: false);
        }

        return false;
    }

    /// <summary>Asks the connection to close with <paramref name="code"/>; safe from any thread. Before it is connected, it is cut.</summary>
    public void RequestClose(ushort code, string reason)
    {
        if (State is State.Handshaking or State.WaitingForClient)
        {
            Abort(AbortReason.ServerStopped);
        }
        else if (Close.TryRequest(code, reason))
        {
            Wake.Post(WakeRequest.Close);
        }
    }

    /// <summary>Cuts the connection at once, without a close handshake; safe from any thread. True for the first cut.</summary>
    public bool Abort(AbortReason reason)
    {
        bool first = Interlocked.CompareExchange(ref _abortReason, (int)reason, (int)AbortReason.None) == (int)AbortReason.None;
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already released; nothing is left to cut.
        }

        return first;
    }

    private async Task FailAsync(Exception ex)
    {
        try
        {
            switch (State)
            {
                case State.Connected:
                    // What was answered before the failure still goes out, ahead of the 1011.
                    await Send.FlushAsync();
                    Log.LogError(ex, "Slot {Slot}: unexpected error serving {Remote}; closing it with 1011.", SlotId, RemoteEndPoint);
                    OnFaulted();
                    On(await Close.RunAsync());
                    break;
                case State.Handshaking:
                    Log.LogError(ex, "Slot {Slot}: unexpected error answering {Remote}; dropped.", SlotId, RemoteEndPoint);
                    OnFaulted();
                    break;
                case State.Closing:
                    Log.LogError(ex, "Slot {Slot}: unexpected error closing {Remote}; dropped.", SlotId, RemoteEndPoint);
                    OnFaulted();
                    break;
            }
        }
        catch (Exception again)
        {
            Log.LogError(again, "Slot {Slot}: the failure path failed too.", SlotId);
        }
    }

    private void OnClientAccepted() => Fire(Trigger.ClientAccepted);

    private void OnFaulted() => Fire(Trigger.Faulted);

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

        if (_actionFailure is not { } failure)
        {
            return;
        }

        _actionFailure = null;
        if (State == State.WaitingForClient)
        {
            // Nothing is left to fault: Release gave the slot back whatever failed before it.
            Log.LogError(failure, "Slot {Slot}: giving the connection's resources back failed; the slot is free again.", SlotId);
        }
        else
        {
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
                SocketClosing.Close(Socket);
            }

            // Only once the transport is closed: no receive or send can still be using the buffers.
            Send.Release();
            Receive.Release();
        }
        finally
        {
            _context.Released(this);
            Wake.Release();
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
                .Permit(Trigger.PeerGone, State.WaitingForClient)
                .Permit(Trigger.Faulted, State.WaitingForClient);

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
