namespace EspWs.App.Tests.Conformance;

/// <summary>Header lines of the handshake cases, each with its CRLF, so a case's request reads as written.</summary>
public static class HandshakeLines
{
    public const string SampleKey = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    public const string Version13 = "Sec-WebSocket-Version: 13\r\n";

    public const string Upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

    public const string HostAndUpgrade = "Host: h\r\n" + Upgrade;

    /// <summary>Every header a valid upgrade needs, without the request line and the blank line.</summary>
    public const string Standard = HostAndUpgrade + SampleKey + Version13;

    /// <summary>RFC 6455 §4.2.2's answer to the sample key "dGhlIHNhbXBsZSBub25jZQ==".</summary>
    public const string SampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
}
