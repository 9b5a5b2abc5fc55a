using System.Buffers.Binary;
using System.Globalization;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Conformance;

/// <summary>Payloads and hand-made frames for the conformance cases.</summary>
public static class Payloads
{
    /// <summary>ASCII text of exactly <paramref name="length"/> bytes, varied so a shifted or dropped byte shows.</summary>
    public static byte[] Text(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }

    /// <summary>Binary of exactly <paramref name="length"/> bytes running through every byte value.</summary>
    public static byte[] Binary(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7 + (i >> 8));
        }

        return bytes;
    }

    public static byte[] For(Opcode opcode, int length) => opcode == Opcode.Text ? Text(length) : Binary(length);

    /// <summary>Bytes from hex pairs separated by spaces, e.g. "CE BA".</summary>
    public static byte[] Hex(string hex) =>
        hex.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// A masked, final client frame whose length uses <paramref name="lengthBytes"/> extended length bytes (0, 2 or 8)
    /// whatever the payload's size, so non-minimal encodings can be sent.
    /// </summary>
    public static byte[] FrameWithLengthEncoding(Opcode opcode, byte[] payload, int lengthBytes, uint maskKey = 0x0BADF00D)
    {
        var frame = new List<byte> { (byte)(0x80 | (byte)opcode) };
        var length = new byte[8];
        switch (lengthBytes)
        {
            case 0:
                frame.Add((byte)(0x80 | payload.Length));
                break;
            case 2:
                frame.Add(0x80 | 126);
                BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)payload.Length);
                frame.AddRange(length.AsSpan(0, 2).ToArray());
                break;
            default:
                frame.Add(0x80 | 127);
                BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
                frame.AddRange(length);
                break;
        }

        var key = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(key, maskKey);
        frame.AddRange(key);
        for (int i = 0; i < payload.Length; i++)
        {
            frame.Add((byte)(payload[i] ^ key[i % 4]));
        }

        return frame.ToArray();
    }

    /// <summary>A close payload: the big-endian code followed by <paramref name="reason"/>.</summary>
    public static byte[] Close(ushort code, ReadOnlySpan<byte> reason = default)
    {
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        reason.CopyTo(payload.AsSpan(2));
        return payload;
    }
}
