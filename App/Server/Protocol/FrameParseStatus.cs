namespace EspWs.App.Server.Protocol;

/// <summary>The outcome of parsing a frame header from the bytes received so far.</summary>
public enum FrameParseStatus
{
    /// <summary>A whole header was parsed; its fields are valid.</summary>
    Complete,

    /// <summary>The bytes end before the header does; read more and parse again from the same start.</summary>
    NeedMoreData,

    /// <summary>The header breaks RFC 6455; the connection must be failed with close code 1002.</summary>
    ProtocolError,
}
