namespace EspWs.App.Server;

/// <summary>The lifecycle events that move a connection's state machine; frames are never triggers.</summary>
internal enum ConnectionTrigger
{
    /// <summary>The listener handed the connection its TCP client.</summary>
    ClientAccepted,

    /// <summary>The request was a valid WebSocket upgrade and 101 was sent.</summary>
    HandshakeAccepted,

    /// <summary>The request was refused with an HTTP error status.</summary>
    HandshakeRefused,

    /// <summary>The request was plain HTTP and was answered.</summary>
    HttpRequestServed,

    /// <summary>The client did not finish its request within <c>HandshakeTimeout</c>.</summary>
    HandshakeTimedOut,

    /// <summary>The peer sent a close frame.</summary>
    CloseReceived,

    /// <summary>The server asked to close (shutdown, send queue overflow).</summary>
    CloseRequested,

    /// <summary>The peer broke RFC 6455; the server fails the connection with a close code.</summary>
    ProtocolViolated,

    /// <summary>An unexpected error inside the connection; it is closed with 1011.</summary>
    Faulted,

    /// <summary>The peer vanished: TCP reset or closed, keepalive or send timed out.</summary>
    PeerGone,

    /// <summary>The close handshake ended (peer's close received, timeout or TCP gone) and the socket is closed.</summary>
    Closed,
}
