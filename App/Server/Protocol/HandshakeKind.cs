namespace EspWs.App.Server.Protocol;

/// <summary>What an HTTP request head turned out to be.</summary>
public enum HandshakeKind
{
    /// <summary>A valid WebSocket opening handshake; answer 101 and switch to frames.</summary>
    WebSocket,

    /// <summary>A plain GET or HEAD request without an upgrade; the caller serves it over HTTP.</summary>
    PlainHttp,

    /// <summary>A request refused with an HTTP error status.</summary>
    Refused,
}
