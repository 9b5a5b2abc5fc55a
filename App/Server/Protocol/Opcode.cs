namespace EspWs.App.Server.Protocol;

/// <summary>The frame opcodes RFC 6455 §5.2 defines; every other value is reserved and refused.</summary>
public enum Opcode : byte
{
    /// <summary>A continuation of the message a previous non-final frame started.</summary>
    Continuation = 0x0,

    /// <summary>The first frame of a text (UTF-8) message.</summary>
    Text = 0x1,

    /// <summary>The first frame of a binary message.</summary>
    Binary = 0x2,

    /// <summary>A close control frame (RFC 6455 §5.5.1).</summary>
    Close = 0x8,

    /// <summary>A ping control frame (RFC 6455 §5.5.2).</summary>
    Ping = 0x9,

    /// <summary>A pong control frame (RFC 6455 §5.5.3).</summary>
    Pong = 0xA,
}
