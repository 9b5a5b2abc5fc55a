using System.Text;

namespace EspWs.App.Tests.Control;

/// <summary>Reads the texts out of short unmasked server text frames sent one or more in a row, as the controller sends them.</summary>
internal static class ShortTextFrames
{
    public static List<string> Texts(ReadOnlySpan<byte> frames)
    {
        var texts = new List<string>();
        while (!frames.IsEmpty)
        {
            // A 2-byte header (payloads here are under 126 bytes), then the payload.
            int length = frames[1] & 0x7F;
            texts.Add(Encoding.UTF8.GetString(frames.Slice(2, length)));
            frames = frames[(2 + length)..];
        }

        return texts;
    }
}
