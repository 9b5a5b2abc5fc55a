using System.Text;

namespace EspWs.App.Tests.Control;

/// <summary>Reads the texts out of unmasked server text frames (under 64 KiB) sent one or more in a row, as the controller sends them.</summary>
internal static class ShortTextFrames
{
    public static List<string> Texts(ReadOnlySpan<byte> frames)
    {
        var texts = new List<string>();
        while (!frames.IsEmpty)
        {
            // A 2-byte header, with a 16-bit length after it for 126 bytes and more (RFC 6455 §5.2), then the payload.
            int length = frames[1] & 0x7F;
            int header = 2;
            if (length == 126)
            {
                length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(frames[2..]);
                header = 4;
            }

            texts.Add(Encoding.UTF8.GetString(frames.Slice(header, length)));
            frames = frames[(header + length)..];
        }

        return texts;
    }
}
