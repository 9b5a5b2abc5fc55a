using System.Buffers.Binary;
using System.Text.Unicode;

namespace EspWs.App.Server.Protocol;

/// <summary>Writes WebSocket frame headers and close payloads into caller-owned buffers without allocating.</summary>
public static class FrameWriter
{
    /// <summary>The largest header any frame can have: 2 bytes, a 64-bit length and a 4-byte mask key.</summary>
    public const int MaxHeaderLength = 14;

    /// <summary>The largest close payload (RFC 6455 §5.5: control payloads are at most 125 bytes).</summary>
    public const int MaxClosePayloadLength = 125;

    /// <summary>Writes an unmasked (server-to-client) header with the minimal length encoding and returns its length: 2, 4 or 10.</summary>
    public static int WriteHeader(Span<byte> destination, Opcode opcode, bool fin, long payloadLength)
    {
        return Write(destination, opcode, fin, payloadLength, masked: false, maskKey: 0);
    }

    /// <summary>Returns the length of the header a frame with this payload length gets: 2, 4 or 10, plus 4 when masked.</summary>
    public static int HeaderLength(long payloadLength, bool masked = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        int length = payloadLength switch
        {
            <= 125 => 2,
            <= ushort.MaxValue => 4,
            _ => 10,
        };
        return masked ? length + 4 : length;
    }

    /// <summary>Writes a masked (client-to-server) header, for test clients, and returns its length: 6, 8 or 14.</summary>
    /// <remarks>The key is written little-endian, so <see cref="FrameHeaderParser"/> reads back the same value.</remarks>
    public static int WriteMaskedHeader(Span<byte> destination, Opcode opcode, bool fin, long payloadLength, uint maskKey)
    {
        return Write(destination, opcode, fin, payloadLength, masked: true, maskKey);
    }

    /// <summary>
    /// Writes a close payload, the 2-byte big-endian code and the UTF-8 reason cut at a character boundary so the
    /// whole fits in 125 bytes (and in <paramref name="destination"/>), and returns its length.
    /// </summary>
    /// <remarks>Lone surrogates in the reason become U+FFFD, so the peer always receives valid UTF-8 (RFC 6455 §5.5.1).</remarks>
    public static int WriteClosePayload(Span<byte> destination, ushort code, ReadOnlySpan<char> reason)
    {
        if (destination.Length < 2)
        {
            throw new ArgumentException("A close payload needs at least 2 bytes.", nameof(destination));
        }

        // RFC 6455 §5.5.1: the body starts with a 2-byte unsigned integer in network byte order.
        BinaryPrimitives.WriteUInt16BigEndian(destination, code);
        int room = Math.Min(destination.Length, MaxClosePayloadLength) - 2;

        // Utf8.FromUtf16 stops before a scalar that does not fit whole, which is the truncation we want.
        Utf8.FromUtf16(reason, destination.Slice(2, room), out _, out int written, replaceInvalidSequences: true, isFinalBlock: true);
        return 2 + written;
    }

    // RFC 6455 §5.2: FIN | RSV1-3 (0) | opcode, then MASK | 7-bit length, then the 16- or 64-bit
    // big-endian extended length when the 7-bit length is 126 or 127, then the mask key.
    private static int Write(Span<byte> destination, Opcode opcode, bool fin, long payloadLength, bool masked, uint maskKey)
    {
        int length = HeaderLength(payloadLength, masked);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The header needs {length} bytes.", nameof(destination));
        }

        destination[0] = (byte)((fin ? 0x80 : 0x00) | ((byte)opcode & 0x0F));
        byte maskBit = masked ? (byte)0x80 : (byte)0x00;
        int offset;
        if (payloadLength <= 125)
        {
            destination[1] = (byte)(maskBit | (byte)payloadLength);
            offset = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)payloadLength);
            offset = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(2), (ulong)payloadLength);
            offset = 10;
        }

        if (masked)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(offset), maskKey);
        }

        return length;
    }
}
