using System.Buffers.Binary;
using System.Text;

namespace EspWs.Bench.Load.Protocol;

/// <summary>Client frames built once and sent many times: masked (RFC 6455 §5.3), with a fixed non-zero key.</summary>
internal static class ClientFrames
{
    /// <summary>Text.</summary>
    public const byte Text = 0x1;

    /// <summary>Binary.</summary>
    public const byte Binary = 0x2;

    /// <summary>Close.</summary>
    public const byte Close = 0x8;

    // Fixed, so frames can be built once; every server still unmasks every byte.
    private const uint MaskKey = 0x5A3C96E1;

    /// <summary>A text frame of <paramref name="size"/> ASCII letters (valid UTF-8, no command), repeated <paramref name="copies"/> times back to back.</summary>
    public static byte[] TextMessages(int size, int copies)
    {
        byte[] one = Frame(Text, Letters(size));
        byte[] all = new byte[one.Length * copies];
        for (int i = 0; i < copies; i++)
        {
            one.CopyTo(all, i * one.Length);
        }

        return all;
    }

    /// <summary>A text frame carrying <paramref name="text"/> (ASCII), such as a command.</summary>
    public static byte[] Command(string text) => Frame(Text, Encoding.ASCII.GetBytes(text));

    /// <summary>
    /// The header alone of a binary frame that announces <paramref name="length"/> payload bytes, and a block of
    /// <paramref name="block"/> payload bytes masked so that it can be sent again and again after it.
    /// </summary>
    public static (byte[] Header, byte[] Block) Announced(long length, int block)
    {
        byte[] header = new byte[HeaderLength(length)];
        WriteHeader(header, Binary, length);
        byte[] payload = Letters(block);
        Mask(payload);
        return (header, payload);
    }

    /// <summary>The length of a client frame carrying <paramref name="payload"/> bytes: header, mask key and payload.</summary>
    public static int FrameLength(int payload) => HeaderLength(payload) + payload;

    private static byte[] Frame(byte opcode, byte[] payload)
    {
        int header = HeaderLength(payload.Length);
        byte[] frame = new byte[header + payload.Length];
        WriteHeader(frame, opcode, payload.Length);
        payload.CopyTo(frame.AsSpan(header));
        Mask(frame.AsSpan(header));
        return frame;
    }

    // RFC 6455 §5.2: FIN and opcode, MASK and a 7-bit length (126: 16-bit, 127: 64-bit follows), then the mask key.
    private static int HeaderLength(long payload) => (payload < 126 ? 2 : payload <= ushort.MaxValue ? 4 : 10) + 4;

    private static void WriteHeader(Span<byte> header, byte opcode, long payload)
    {
        header[0] = (byte)(0x80 | opcode);
        int at = 2;
        if (payload < 126)
        {
            header[1] = (byte)(0x80 | payload);
        }
        else if (payload <= ushort.MaxValue)
        {
            header[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)payload);
            at = 4;
        }
        else
        {
            header[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)payload);
            at = 10;
        }

        BinaryPrimitives.WriteUInt32BigEndian(header[at..], MaskKey);
    }

    // The mask repeats every 4 bytes, so a block of a multiple of 4 bytes masks the same wherever it sits in the payload.
    private static void Mask(Span<byte> payload)
    {
        Span<byte> key = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(key, MaskKey);
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] ^= key[i & 3];
        }
    }

    private static byte[] Letters(int size)
    {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++)
        {
            payload[i] = (byte)('a' + (i % 26));
        }

        return payload;
    }
}
