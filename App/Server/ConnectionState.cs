namespace EspWs.App.Server;

/// <summary>The lifecycle states of one connection (docs/state-machine.md).</summary>
internal enum ConnectionState
{
    /// <summary>No client: the connection is over, or not yet begun; it holds nothing.</summary>
    WaitingForClient,

    /// <summary>A TCP client was accepted; its HTTP request is being read and answered.</summary>
    Handshaking,

    /// <summary>The WebSocket is open: frames flow both ways.</summary>
    Connected,

    /// <summary>A close frame was received or is being sent; the connection waits for the close handshake to end.</summary>
    Closing,
}
