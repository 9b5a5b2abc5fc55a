namespace EspWs.App.Server.Protocol;

/// <summary>Finds the end of an HTTP request head in received bytes.</summary>
public static class HttpHead
{
    /// <summary>Returns the index just past the first blank line (<c>\r\n\r\n</c>) in <paramref name="data"/>, or -1 when it has not arrived yet.</summary>
    public static int FindEnd(ReadOnlySpan<byte> data)
    {
        // RFC 9112 §2.1: the head ends with an empty line after the header fields.
        int index = data.IndexOf("\r\n\r\n"u8);
        return index < 0 ? -1 : index + 4;
    }
}
