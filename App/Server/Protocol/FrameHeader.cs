namespace EspWs.App.Server.Protocol;

/// <summary>One parsed WebSocket frame header (RFC 6455 §5.2), without its payload.</summary>
public readonly struct FrameHeader
{
    /// <summary>Gets whether this frame is the final fragment of its message.</summary>
    public bool Fin { get; init; }

    /// <summary>Gets the frame's opcode, always one RFC 6455 defines.</summary>
    public Opcode Opcode { get; init; }

    /// <summary>Gets whether the payload is masked (every client-to-server frame must be).</summary>
    public bool IsMasked { get; init; }

    /// <summary>Gets the payload length in bytes, never negative.</summary>
    public long PayloadLength { get; init; }

    /// <summary>Gets the mask key as read little-endian, so byte 0 of the key on the wire is the low byte; 0 when unmasked.</summary>
    public uint MaskKey { get; init; }

    /// <summary>Gets the number of bytes the header occupies on the wire (2 to 14); the payload starts there.</summary>
    public int HeaderLength { get; init; }

    /// <summary>Gets whether this is a control frame (close, ping, pong), whose opcode has its high bit set.</summary>
    public bool IsControl => ((byte)Opcode & 0x8) != 0;
}
