using Stateless;
using Stateless.Graph;

namespace EspWs.App.Server;

/// <summary>
/// The explicit lifecycle of one connection slot (WaitingForClient → Handshaking → Connected → Closing).
/// </summary>
/// <remarks>
/// Stateless is not thread-safe, so exactly one owner (the slot's own loop) calls the intent methods; other
/// threads only read <see cref="State"/>. Actions only record values, never do I/O, so a throwing action can
/// never leave queued triggers behind.
/// </remarks>
public sealed class ConnectionStateMachine
{
    private readonly StateMachine<ConnectionState, ConnectionTrigger> _machine;
    private readonly StateMachine<ConnectionState, ConnectionTrigger>.TriggerWithParameters<ushort> _closeReceived;
    private readonly StateMachine<ConnectionState, ConnectionTrigger>.TriggerWithParameters<ushort> _closeRequested;
    private readonly StateMachine<ConnectionState, ConnectionTrigger>.TriggerWithParameters<ushort> _protocolViolated;
    private readonly StateMachine<ConnectionState, ConnectionTrigger>.TriggerWithParameters<int> _handshakeRefused;
    private volatile ConnectionState _state = ConnectionState.WaitingForClient;

    /// <summary>Creates a machine in <see cref="ConnectionState.WaitingForClient"/>.</summary>
    public ConnectionStateMachine()
    {
        _machine = new StateMachine<ConnectionState, ConnectionTrigger>(() => _state, s => _state = s);
        _closeReceived = _machine.SetTriggerParameters<ushort>(ConnectionTrigger.CloseReceived);
        _closeRequested = _machine.SetTriggerParameters<ushort>(ConnectionTrigger.CloseRequested);
        _protocolViolated = _machine.SetTriggerParameters<ushort>(ConnectionTrigger.ProtocolViolated);
        _handshakeRefused = _machine.SetTriggerParameters<int>(ConnectionTrigger.HandshakeRefused);

        _machine.Configure(ConnectionState.WaitingForClient)
            .OnEntry(() => CloseCode = 0, "forget the last close code")
            .OnEntryFrom(_handshakeRefused, status => LastRefusalStatus = status, "remember the refusal status")
            .Permit(ConnectionTrigger.ClientAccepted, ConnectionState.Handshaking)
            .Ignore(ConnectionTrigger.CloseRequested);

        _machine.Configure(ConnectionState.Handshaking)
            .Permit(ConnectionTrigger.HandshakeAccepted, ConnectionState.Connected)
            .Permit(ConnectionTrigger.HttpRequestServed, ConnectionState.WaitingForClient)
            .Permit(ConnectionTrigger.HandshakeTimedOut, ConnectionState.WaitingForClient)
            .Permit(ConnectionTrigger.PeerGone, ConnectionState.WaitingForClient)
            .Permit(ConnectionTrigger.CloseRequested, ConnectionState.WaitingForClient)
            .Permit(ConnectionTrigger.Faulted, ConnectionState.WaitingForClient)
            .Permit(ConnectionTrigger.HandshakeRefused, ConnectionState.WaitingForClient);

        _machine.Configure(ConnectionState.Connected)
            .Permit(ConnectionTrigger.CloseReceived, ConnectionState.Closing)
            .Permit(ConnectionTrigger.CloseRequested, ConnectionState.Closing)
            .Permit(ConnectionTrigger.ProtocolViolated, ConnectionState.Closing)
            .Permit(ConnectionTrigger.Faulted, ConnectionState.Closing)
            .Permit(ConnectionTrigger.PeerGone, ConnectionState.WaitingForClient);

        _machine.Configure(ConnectionState.Closing)
            .OnEntryFrom(_closeReceived, code => CloseCode = code, "remember the peer's close code")
            .OnEntryFrom(_closeRequested, code => CloseCode = code, "remember the requested close code")
            .OnEntryFrom(_protocolViolated, code => CloseCode = code, "remember the failure's close code")
            .OnEntryFrom(ConnectionTrigger.Faulted, () => CloseCode = 1011, "close with 1011 internal error")
            .Permit(ConnectionTrigger.Closed, ConnectionState.WaitingForClient)
            .Permit(ConnectionTrigger.PeerGone, ConnectionState.WaitingForClient)
            .Ignore(ConnectionTrigger.CloseRequested)
            .Ignore(ConnectionTrigger.ProtocolViolated)
            .Ignore(ConnectionTrigger.Faulted);

        _machine.OnUnhandledTrigger((state, trigger) =>
            throw new InvalidOperationException($"Connection trigger {trigger} is not permitted in state {state}."));
    }

    /// <summary>The current state; safe to read from any thread.</summary>
    public ConnectionState State => _state;

    /// <summary>The close code sent or received on the way into <see cref="ConnectionState.Closing"/> (0 when none).</summary>
    public ushort CloseCode { get; private set; }

    /// <summary>The HTTP status of the last refused handshake (0 when none).</summary>
    public int LastRefusalStatus { get; private set; }

    /// <summary>A TCP client was accepted into this slot.</summary>
    public void OnClientAccepted() => _machine.Fire(ConnectionTrigger.ClientAccepted);

    /// <summary>The upgrade was accepted and 101 sent.</summary>
    public void OnHandshakeAccepted() => _machine.Fire(ConnectionTrigger.HandshakeAccepted);

    /// <summary>The request was refused with <paramref name="httpStatus"/>.</summary>
    public void OnHandshakeRefused(int httpStatus) => _machine.Fire(_handshakeRefused, httpStatus);

    /// <summary>A plain HTTP request was answered.</summary>
    public void OnHttpRequestServed() => _machine.Fire(ConnectionTrigger.HttpRequestServed);

    /// <summary>The request did not arrive within the handshake timeout.</summary>
    public void OnHandshakeTimedOut() => _machine.Fire(ConnectionTrigger.HandshakeTimedOut);

    /// <summary>The peer sent a close frame with <paramref name="code"/> (1005 when it carried none).</summary>
    public void OnCloseReceived(ushort code) => _machine.Fire(_closeReceived, code);

    /// <summary>The server asks to close with <paramref name="code"/>.</summary>
    public void RequestClose(ushort code) => _machine.Fire(_closeRequested, code);

    /// <summary>The peer broke the protocol; the connection is failed with <paramref name="code"/>.</summary>
    public void OnProtocolViolated(ushort code) => _machine.Fire(_protocolViolated, code);

    /// <summary>An unexpected error happened inside the connection.</summary>
    public void OnFaulted() => _machine.Fire(ConnectionTrigger.Faulted);

    /// <summary>The peer is gone (TCP closed or reset, or a keepalive or send timed out).</summary>
    public void OnPeerGone() => _machine.Fire(ConnectionTrigger.PeerGone);

    /// <summary>The close handshake ended and the socket is closed.</summary>
    public void OnClosed() => _machine.Fire(ConnectionTrigger.Closed);

    /// <summary>True when <paramref name="trigger"/> is permitted in the current state.</summary>
    public bool CanFire(ConnectionTrigger trigger) => _machine.CanFire(trigger);

    /// <summary>The machine's definition as a Mermaid state diagram.</summary>
    public string ToMermaid() => MermaidGraph.Format(_machine.GetInfo());
}
