namespace EspWs.App.Server;

/// <summary>Why a connection was cut without a close handshake; named in the log line.</summary>
internal enum AbortReason
{
    None,
    HandshakeTimeout,
    PongTimeout,
    SendTimeout,
    CloseTimeout,
    SendFailed,
    ServerStopped,
    Faulted,
    Released,
}
