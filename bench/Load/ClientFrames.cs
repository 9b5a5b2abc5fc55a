using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Load;

/// <summary>Client frames built once and sent many times, and the size of the echo each one gets back.</summary>
internal static class ClientFrames
{
    // A fixed, non-zero key: the payload is masked once here, yet every server still unmasks every byte (RFC 6455 §5.3).
    private const uint MaskKey = 0x5A3C96E1;

    /// <summary>A masked text frame whose payload is <paramref name="size"/> ASCII bytes that are no command.</summary>
    public static byte[] Text(int size) => Masked(Opcode.Text, Payload(size));

    /// <summary>
    /// The start of the echo of <see cref="Text"/>: the server's header and the first payload byte, followed by the
    /// last payload byte, which is all a check per message needs to read.
    /// </summary>
    public static byte[] ExpectedEcho(int size)
    {
        byte[] payload = Payload(size);
        int header = FrameWriter.HeaderLength(size);
        byte[] expected = new byte[header + 2];
        FrameWriter.WriteHeader(expected, Opcode.Text, fin: true, size);
        expected[header] = payload[0];
        expected[header + 1] = payload[^1];
        return expected;
    }

    /// <summary>A masked text frame carrying <paramref name="text"/> (ASCII), e.g. a command.</summary>
    public static byte[] Command(string text) => Masked(Opcode.Text, System.Text.Encoding.ASCII.GetBytes(text));

    /// <summary>The length of the unmasked server frame that echoes a payload of <paramref name="size"/> bytes.</summary>
    public static int EchoLength(int size) => FrameWriter.HeaderLength(size) + size;

    private static byte[] Payload(int size)
    {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++)
        {
            payload[i] = (byte)('a' + (i % 26));
        }

        return payload;
    }

    private static byte[] Masked(Opcode opcode, byte[] payload)
    {
        int header = FrameWriter.HeaderLength(payload.Length, masked: true);
        byte[] frame = new byte[header + payload.Length];
        FrameWriter.WriteMaskedHeader(frame, opcode, fin: true, payload.Length, MaskKey);
        payload.CopyTo(frame.AsSpan(header));
        PayloadMask.Apply(frame.AsSpan(header), MaskKey, 0);
        return frame;
    }
}
