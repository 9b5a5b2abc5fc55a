using System.Buffers.Binary;

namespace EspWs.App.Server.Protocol;

/// <summary>Parses WebSocket frame headers from received bytes without allocating.</summary>
public static class FrameHeaderParser
{
    /// <summary>The error for a frame with RSV1, RSV2 or RSV3 set.</summary>
    public const string ReservedBitsError = "reserved bits set";

    /// <summary>The error for an opcode RFC 6455 reserves (3-7, 0xB-0xF).</summary>
    public const string ReservedOpcodeError = "reserved opcode";

    /// <summary>The error for a control frame whose payload exceeds 125 bytes.</summary>
    public const string ControlFrameTooLongError = "control frame payload over 125 bytes";

    /// <summary>The error for a control frame with FIN clear.</summary>
    public const string FragmentedControlFrameError = "fragmented control frame";

    /// <summary>The error for an unmasked frame where masking is required.</summary>
    public const string UnmaskedFrameError = "unmasked client frame";

    /// <summary>The error for a 64-bit payload length with its most significant bit set.</summary>
    public const string LengthTopBitError = "64-bit payload length has its top bit set";

    /// <summary>The largest payload a control frame may carry (RFC 6455 §5.5).</summary>
    public const int MaxControlPayloadLength = 125;

    /// <summary>
    /// Parses the header at the start of <paramref name="data"/>: Complete with the header, NeedMoreData when the
    /// bytes end inside it, or ProtocolError with a short constant reason.
    /// </summary>
    /// <remarks>
    /// Errors visible in the first two bytes are reported even when the rest of the header has not arrived, so a
    /// broken frame fails at once. Non-minimal length encodings are accepted, as RFC 6455 §5.2 lets a reader do.
    /// </remarks>
    public static FrameParseStatus TryParse(ReadOnlySpan<byte> data, bool requireMask, out FrameHeader header, out string? error)
    {
        header = default;
        error = null;
        if (data.Length < 2)
        {
            return FrameParseStatus.NeedMoreData;
        }

        // RFC 6455 §5.2, base framing:
        //  0                   1                   2                   3
        //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        // +-+-+-+-+-------+-+-------------+-------------------------------+
        // |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
        // |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
        // |N|V|V|V|       |S|             |   (if payload len==126/127)   |
        // | |1|2|3|       |K|             |                               |
        // +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
        // |     Extended payload length continued, if payload len == 127  |
        // + - - - - - - - - - - - - - - - +-------------------------------+
        // |                               |Masking-key, if MASK set to 1  |
        // +-------------------------------+-------------------------------+
        byte first = data[0];
        byte second = data[1];
        bool fin = (first & 0x80) != 0;
        int opcode = first & 0x0F;
        bool masked = (second & 0x80) != 0;
        int shortLength = second & 0x7F;

        // RFC 6455 §5.2: RSV bits MUST be 0 unless an extension defines them; none is ever negotiated.
        if ((first & 0x70) != 0)
        {
            return Fail(ReservedBitsError, out error);
        }

        // RFC 6455 §5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved.
        if (opcode is > 0x2 and < 0x8 or > 0xA)
        {
            return Fail(ReservedOpcodeError, out error);
        }

        // RFC 6455 §5.5: control frames carry at most 125 bytes and MUST NOT be fragmented.
        bool isControl = (opcode & 0x8) != 0;
        if (isControl && shortLength > MaxControlPayloadLength)
        {
            return Fail(ControlFrameTooLongError, out error);
        }

        if (isControl && !fin)
        {
            return Fail(FragmentedControlFrameError, out error);
        }

        // RFC 6455 §5.1: a server MUST close the connection on an unmasked client frame.
        if (requireMask && !masked)
        {
            return Fail(UnmaskedFrameError, out error);
        }

        int lengthBytes = shortLength switch { 126 => 2, 127 => 8, _ => 0 };
        int headerLength = 2 + lengthBytes + (masked ? 4 : 0);
        if (data.Length < headerLength)
        {
            return FrameParseStatus.NeedMoreData;
        }

        long payloadLength;
        if (lengthBytes == 2)
        {
            payloadLength = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2, 2));
        }
        else if (lengthBytes == 8)
        {
            // RFC 6455 §5.2: the most significant bit of the 64-bit length MUST be 0.
            ulong wideLength = BinaryPrimitives.ReadUInt64BigEndian(data.Slice(2, 8));
            if (wideLength > long.MaxValue)
            {
                return Fail(LengthTopBitError, out error);
            }

            payloadLength = (long)wideLength;
        }
        else
        {
            payloadLength = shortLength;
        }

        // RFC 6455 §5.3: the masking key is the 4 bytes after the length; read little-endian so that
        // PayloadMask can XOR it against memory in wire order.
        uint maskKey = masked ? BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(2 + lengthBytes, 4)) : 0;

        header = new FrameHeader
        {
            Fin = fin,
            Opcode = (Opcode)opcode,
            IsMasked = masked,
            PayloadLength = payloadLength,
            MaskKey = maskKey,
            HeaderLength = headerLength,
        };
        return FrameParseStatus.Complete;
    }

    private static FrameParseStatus Fail(string reason, out string? error)
    {
        error = reason;
        return FrameParseStatus.ProtocolError;
    }
}
