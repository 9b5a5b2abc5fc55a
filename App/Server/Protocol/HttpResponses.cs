using System.Globalization;
using System.Text;

namespace EspWs.App.Server.Protocol;

/// <summary>Builds complete HTTP/1.1 responses for the handshake: the 101 switch, pages and errors.</summary>
public static class HttpResponses
{
    /// <summary>Returns the 101 response that completes a WebSocket handshake (RFC 6455 §4.2.2 item 5), with the subprotocol when one was selected.</summary>
    public static byte[] SwitchingProtocols(string acceptKey, string? subProtocol)
    {
        ArgumentNullException.ThrowIfNull(acceptKey);
        var head = new StringBuilder(160)
            .Append("HTTP/1.1 101 Switching Protocols\r\n")
            .Append("Upgrade: websocket\r\n")
            .Append("Connection: Upgrade\r\n");
        AppendHeader(head, "Sec-WebSocket-Accept", acceptKey);
        if (subProtocol is not null)
        {
            AppendHeader(head, "Sec-WebSocket-Protocol", subProtocol);
        }

        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    /// <summary>
    /// Returns a complete response with Content-Type, Content-Length, Connection: close and Cache-Control
    /// (no-store unless <paramref name="extraHeaders"/> gives one), then the extra headers and the body
    /// (left out, with Content-Length kept, when <paramref name="headOnly"/>).
    /// </summary>
    public static byte[] Create(int statusCode, string contentType, ReadOnlySpan<byte> body, bool headOnly = false, params (string Name, string Value)[] extraHeaders)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(extraHeaders);
        var head = new StringBuilder(256)
            .Append("HTTP/1.1 ")
            .Append(statusCode.ToString(CultureInfo.InvariantCulture))
            .Append(' ')
            .Append(ReasonPhrase(statusCode))
            .Append("\r\n");
        AppendHeader(head, "Content-Type", contentType);
        AppendHeader(head, "Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        head.Append("Connection: close\r\n");
        bool cacheControlGiven = false;
        foreach ((string name, string _) in extraHeaders)
        {
            cacheControlGiven |= string.Equals(name, "Cache-Control", StringComparison.OrdinalIgnoreCase);
        }

        if (!cacheControlGiven)
        {
            head.Append("Cache-Control: no-store\r\n");
        }

        foreach ((string name, string value) in extraHeaders)
        {
            AppendHeader(head, name, value);
        }

        head.Append("\r\n");
        int headLength = Encoding.ASCII.GetByteCount(head.ToString());
        byte[] response = new byte[headLength + (headOnly ? 0 : body.Length)];
        Encoding.ASCII.GetBytes(head.ToString(), response);
        if (!headOnly)
        {
            body.CopyTo(response.AsSpan(headLength));
        }

        return response;
    }

    /// <summary>Returns a complete text/plain error response whose body is <paramref name="reason"/> and a newline.</summary>
    public static byte[] Error(int statusCode, string reason, params (string Name, string Value)[] extraHeaders)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return Create(statusCode, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(reason + "\n"), headOnly: false, extraHeaders);
    }

    /// <summary>Returns the standard reason phrase for <paramref name="statusCode"/> (RFC 9110 §15), or "Unknown" for codes this server never sends.</summary>
    public static string ReasonPhrase(int statusCode) => statusCode switch
    {
        101 => "Switching Protocols",
        200 => "OK",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        426 => "Upgrade Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    };

    // A CR or LF in a name or value would let it forge further headers, so it is a programming error.
    private static void AppendHeader(StringBuilder head, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.AsSpan().IndexOfAny('\r', '\n') >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"Header {name} contains CR or LF.", nameof(value));
        }

        head.Append(name).Append(": ").Append(value).Append("\r\n");
    }
}
