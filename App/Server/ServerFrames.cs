using EspWs.App.Server.Protocol;

namespace EspWs.App.Server;

/// <summary>Builds complete server→client frames that can be queued to many clients at once.</summary>
public static class ServerFrames
{
    /// <summary>A final, unmasked text frame carrying <paramref name="utf8"/>.</summary>
    public static byte[] Text(ReadOnlySpan<byte> utf8)
    {
        int headerLength = FrameWriter.HeaderLength(utf8.Length);
        var frame = new byte[headerLength + utf8.Length];
        FrameWriter.WriteHeader(frame, Opcode.Text, fin: true, utf8.Length);
        utf8.CopyTo(frame.AsSpan(headerLength));
        return frame;
    }
}
