namespace EspWs.App.Server;

/// <summary>The lifecycle states of one connection slot.</summary>
public enum ConnectionState
{
    /// <summary>The slot is free and holds no socket.</summary>
    WaitingForClient,

    /// <summary>A TCP client was accepted; its HTTP request is being read and answered.</summary>
    Handshaking,

    /// <summary>The WebSocket is open: frames flow both ways.</summary>
    Connected,

    /// <summary>A close frame was sent or received; the slot waits for the close handshake to end.</summary>
    Closing,
}
