using Microsoft.Extensions.Logging;
using Stateless;
using Stateless.Graph;
using Trigger = EspWs.App.Server.ConnectionTrigger;
using State = EspWs.App.Server.ConnectionState;

namespace EspWs.App.Server.Connections;

/// <summary>
/// One configured Stateless machine of the connection lifecycle, bound to one connection at a time: the state lives
/// in the connection, the entry and exit actions do the connection's work.
/// </summary>
/// <remarks>
/// Actions never throw (an exception inside one leaves queued triggers that would replay on the next, unrelated
/// connection's Fire): each catches, logs and cuts its connection, whose owner then sees the failed I/O.
/// </remarks>
internal sealed class LifecycleMachine
{
    private readonly StateMachine<State, Trigger> _machine;
    private readonly ILogger _log;
    private ILifecycleActions? _bound;

    /// <summary>Configures the lifecycle once; the machine serves whichever connection it is bound to.</summary>
    public LifecycleMachine(ILogger log)
    {
        _log = log;
        _machine = new StateMachine<State, Trigger>(() => _bound?.State ?? State.WaitingForClient, s => _bound!.State = s);
        HandshakeRefused = _machine.SetTriggerParameters<int>(Trigger.HandshakeRefused);
        CloseReceived = _machine.SetTriggerParameters<ushort>(Trigger.CloseReceived);
        CloseRequested = _machine.SetTriggerParameters<ushort, string>(Trigger.CloseRequested);
        ProtocolViolated = _machine.SetTriggerParameters<ushort, string>(Trigger.ProtocolViolated);

        _machine.Configure(State.WaitingForClient)
            .OnEntry(() => Do(c => c.Release()), "return buffers, close the transport, give the slot back")
            .OnEntryFrom(HandshakeRefused, status => Do(c => c.CountRefusal(status)), "count the refusal by status")
            .Permit(Trigger.ClientAccepted, State.Handshaking);

        _machine.Configure(State.Handshaking)
            .OnEntry(() => Do(c => c.ArmHandshakeDeadline()), "arm the handshake deadline")
            .OnExit(() => Do(c => c.DisarmHandshakeDeadline()), "disarm the handshake deadline")
            .Permit(Trigger.HandshakeAccepted, State.Connected)
            .Permit(Trigger.HandshakeRefused, State.WaitingForClient)
            .Permit(Trigger.HttpRequestServed, State.WaitingForClient)
            .Permit(Trigger.HandshakeTimedOut, State.WaitingForClient)
            .Permit(Trigger.PeerGone, State.WaitingForClient)
            .Permit(Trigger.Faulted, State.WaitingForClient);

        _machine.Configure(State.Connected)
            .OnEntry(() => Do(c => c.StartSendPump()), "open the send queue")
            .OnEntry(() => Do(c => c.JoinBroadcastSet()), "join the broadcast set")
            .OnEntry(() => Do(c => c.ArmKeepalive()), "arm the keepalive")
            .OnExit(() => Do(c => c.DisarmKeepalive()), "disarm the keepalive")
            .OnExit(() => Do(c => c.LeaveBroadcastSet()), "leave the broadcast set")
            .OnExit(() => Do(c => c.StopSendPump()), "drop the send queue")
            .Permit(Trigger.CloseReceived, State.Closing)
            .Permit(Trigger.CloseRequested, State.Closing)
            .Permit(Trigger.ProtocolViolated, State.Closing)
            .Permit(Trigger.Faulted, State.Closing)
            .Permit(Trigger.PeerGone, State.WaitingForClient);

        _machine.Configure(State.Closing)
            .OnEntry(() => Do(c => c.ArmCloseDeadline()), "arm the close deadline")
            .OnEntryFromAsync(CloseReceived, code => DoAsync(c =>
            {
                c.CountCloseReceived(code);
                return c.SendCloseAsync(code, "");
            }), "count the peer's close, answer with its code")
            .OnEntryFromAsync(CloseRequested, (code, reason) => DoAsync(c => c.SendCloseAsync(code, reason)), "send the requested close")
            .OnEntryFromAsync(ProtocolViolated, (code, reason) => DoAsync(c => c.SendCloseAsync(code, reason)), "send the failure's close code")
            .OnEntryFromAsync(Trigger.Faulted, () => DoAsync(c => c.SendCloseAsync(1011, "internal error")), "send 1011")
            .Permit(Trigger.Closed, State.WaitingForClient)
            .Permit(Trigger.PeerGone, State.WaitingForClient);

        _machine.OnUnhandledTrigger((state, trigger) =>
        {
            _log.LogError("Connection trigger {Trigger} is not permitted in state {State}; the connection is cut.", trigger, state);
            _bound?.Abort($"trigger {trigger} in state {state}");
        });
    }

    /// <summary>The refusal trigger, carrying the HTTP status.</summary>
    public StateMachine<State, Trigger>.TriggerWithParameters<int> HandshakeRefused { get; }

    /// <summary>The peer's close, carrying its code.</summary>
    public StateMachine<State, Trigger>.TriggerWithParameters<ushort> CloseReceived { get; }

    /// <summary>The server's close request, carrying code and reason.</summary>
    public StateMachine<State, Trigger>.TriggerWithParameters<ushort, string> CloseRequested { get; }

    /// <summary>The protocol failure, carrying code and reason.</summary>
    public StateMachine<State, Trigger>.TriggerWithParameters<ushort, string> ProtocolViolated { get; }

    /// <summary>The Stateless machine itself, fired only while bound.</summary>
    public StateMachine<State, Trigger> Machine => _machine;

    /// <summary>The definition as a Mermaid state diagram.</summary>
    public string ToMermaid() => MermaidGraph.Format(_machine.GetInfo());

    /// <summary>
    /// Every state's entry and exit actions as the machine holds them (an entry action run only on one trigger is
    /// named with it), in the order they run, for the generated documentation.
    /// </summary>
    public IReadOnlyList<(string State, IReadOnlyList<string> Entry, IReadOnlyList<string> Exit)> DescribeActions() =>
        [.. _machine.GetInfo().States.Select(state => (
            state.UnderlyingState.ToString() ?? "",
            (IReadOnlyList<string>)[.. state.EntryActions.Select(a => a.FromTrigger is null ? a.Method.Description : $"on {a.FromTrigger}: {a.Method.Description}")],
            (IReadOnlyList<string>)[.. state.ExitActions.Select(a => a.Description)]))];

    /// <summary>Binds the machine to <paramref name="connection"/> until <see cref="Unbind"/>.</summary>
    public void Bind(ILifecycleActions connection) => _bound = connection;

    /// <summary>Frees the machine for the next connection.</summary>
    public void Unbind() => _bound = null;

    private void Do(Action<ILifecycleActions> action)
    {
        ILifecycleActions connection = _bound!;
        try
        {
            action(connection);
        }
        catch (Exception ex)
        {
            Failed(connection, ex);
        }
    }

    private async Task DoAsync(Func<ILifecycleActions, Task> action)
    {
        ILifecycleActions connection = _bound!;
        try
        {
            await action(connection);
        }
        catch (Exception ex)
        {
            Failed(connection, ex);
        }
    }

    private void Failed(ILifecycleActions connection, Exception ex)
    {
        _log.LogError(ex, "A connection lifecycle action failed in state {State}; the connection is cut.", connection.State);
        try
        {
            connection.Abort("lifecycle action failed");
        }
        catch (Exception abortFailure)
        {
            _log.LogError(abortFailure, "Cutting the connection failed too.");
        }
    }
}
