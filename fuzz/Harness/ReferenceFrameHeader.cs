using EspWs.App.Server.Protocol;

namespace EspWs.Fuzz.Harness;

/// <summary>
/// A second, deliberately plain reading of RFC 6455 §5.2 that FrameHeaderParser is compared with: byte by byte,
/// no BinaryPrimitives, every rule spelled out.
/// </summary>
internal readonly struct ReferenceFrameHeader
{
    /// <summary>Gets what a correct parser must answer for the same bytes.</summary>
    public FrameParseStatus Status { get; init; }

    /// <summary>Gets the FIN bit.</summary>
    public bool Fin { get; init; }

    /// <summary>Gets the opcode nibble.</summary>
    public int Opcode { get; init; }

    /// <summary>Gets the MASK bit.</summary>
    public bool Masked { get; init; }

    /// <summary>Gets the payload length.</summary>
    public long PayloadLength { get; init; }

    /// <summary>Gets the header's length on the wire.</summary>
    public int HeaderLength { get; init; }

    /// <summary>Decodes the header at the start of <paramref name="data"/> as the RFC describes it.</summary>
    public static ReferenceFrameHeader Decode(ReadOnlySpan<byte> data, bool requireMask)
    {
        if (data.Length < 2)
        {
            return new ReferenceFrameHeader { Status = FrameParseStatus.NeedMoreData };
        }

        bool fin = data[0] >= 0x80;
        bool rsv1 = (data[0] & 0x40) != 0;
        bool rsv2 = (data[0] & 0x20) != 0;
        bool rsv3 = (data[0] & 0x10) != 0;
        int opcode = data[0] % 16;
        bool masked = data[1] >= 0x80;
        int length7 = data[1] % 128;

        bool known = opcode is 0 or 1 or 2 or 8 or 9 or 10;
        bool control = opcode >= 8;
        bool broken = rsv1 || rsv2 || rsv3 || !known
            || (control && (length7 > 125 || !fin))
            || (requireMask && !masked);
        if (broken)
        {
            return new ReferenceFrameHeader { Status = FrameParseStatus.ProtocolError };
        }

        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        int headerLength = 2 + extended + (masked ? 4 : 0);
        if (data.Length < headerLength)
        {
            return new ReferenceFrameHeader { Status = FrameParseStatus.NeedMoreData };
        }

        if (extended == 8 && data[2] >= 0x80)
        {
            return new ReferenceFrameHeader { Status = FrameParseStatus.ProtocolError };
        }

        long length = extended == 0 ? length7 : 0;
        for (int i = 0; i < extended; i++)
        {
            length = (length * 256) + data[2 + i];
        }

        return new ReferenceFrameHeader
        {
            Status = FrameParseStatus.Complete,
            Fin = fin,
            Opcode = opcode,
            Masked = masked,
            PayloadLength = length,
            HeaderLength = headerLength,
        };
    }

    /// <summary>Returns whether <paramref name="header"/> has exactly the fields this reading found, the mask key taken from <paramref name="data"/>.</summary>
    public bool Matches(in FrameHeader header, ReadOnlySpan<byte> data)
    {
        if (header.Fin != Fin || (int)header.Opcode != Opcode || header.IsMasked != Masked
            || header.PayloadLength != PayloadLength || header.HeaderLength != HeaderLength)
        {
            return false;
        }

        if (!Masked)
        {
            return header.MaskKey == 0;
        }

        // The key is read little-endian: wire byte i of the key is bits 8i..8i+7.
        int keyStart = HeaderLength - 4;
        for (int i = 0; i < 4; i++)
        {
            if ((byte)(header.MaskKey >> (8 * i)) != data[keyStart + i])
            {
                return false;
            }
        }

        return true;
    }
}
