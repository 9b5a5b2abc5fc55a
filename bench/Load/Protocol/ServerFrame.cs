namespace EspWs.Bench.Load.Protocol;

/// <summary>A whole server frame as the scanner saw it go by: its opcode, length and first two payload bytes.</summary>
/// <param name="Opcode">The frame's opcode (1 text, 2 binary, 8 close...).</param>
/// <param name="Length">The payload length.</param>
/// <param name="Lead">The first two payload bytes, big-endian (the status code of a close frame); the first alone is its high byte.</param>
internal readonly record struct ServerFrame(byte Opcode, long Length, ushort Lead)
{
    /// <summary>The first payload byte, or 0 for an empty payload.</summary>
    public byte First => (byte)(Lead >> 8);
}
