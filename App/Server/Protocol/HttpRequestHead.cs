using System.Text;

namespace EspWs.App.Server.Protocol;

/// <summary>A syntactically valid HTTP/1.x request head: request line and header fields (RFC 9112 §3, §5).</summary>
/// <remarks>Only the syntax is checked here; what the request means is <see cref="HandshakeParser"/>'s business.</remarks>
public sealed class HttpRequestHead
{
    private readonly Dictionary<string, string> _headers;
    private readonly Dictionary<string, int> _fieldCounts;

    private HttpRequestHead(string method, string target, int minorVersion, Dictionary<string, string> headers, Dictionary<string, int> fieldCounts)
    {
        Method = method;
        Target = target;
        MinorVersion = minorVersion;
        _headers = headers;
        _fieldCounts = fieldCounts;
        int queryStart = target.IndexOf('?', StringComparison.Ordinal);
        Path = queryStart < 0 ? target : target[..queryStart];
        Query = queryStart < 0 ? null : target[(queryStart + 1)..];
    }

    /// <summary>Gets the request method, a token, compared case-sensitively as RFC 9110 §9.1 requires.</summary>
    public string Method { get; }

    /// <summary>Gets the request target as sent.</summary>
    public string Target { get; }

    /// <summary>Gets the target's path, without the query.</summary>
    public string Path { get; }

    /// <summary>Gets the target's query (after '?', without it), or null when there is none.</summary>
    public string? Query { get; }

    /// <summary>Gets the minor version of HTTP/1.x (0 for HTTP/1.0, 1 for HTTP/1.1).</summary>
    public int MinorVersion { get; }

    /// <summary>Gets the header fields by case-insensitive name, repeated fields joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers;

    /// <summary>Returns the value of header <paramref name="name"/> (repeats joined with ", "), or null when absent.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out string? value) ? value : null;

    /// <summary>Returns how many header lines named <paramref name="name"/> the request had.</summary>
    public int FieldCount(string name) => _fieldCounts.TryGetValue(name, out int count) ? count : 0;

    /// <summary>Parses the request head ending at the first blank line of <paramref name="head"/>; on failure returns false with a short reason.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, out HttpRequestHead? request, out string error)
    {
        request = null;
        int end = HttpHead.FindEnd(head);
        if (end < 0)
        {
            error = "incomplete request head";
            return false;
        }

        // Every line, the request line included, ends with CRLF; the blank line's own CRLF is dropped.
        ReadOnlySpan<byte> rest = head[..(end - 2)];
        int lineEnd = rest.IndexOf("\r\n"u8);
        if (!TryParseRequestLine(rest[..lineEnd], out string method, out string target, out int minorVersion, out error))
        {
            return false;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        rest = rest[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            if (!TryParseField(rest[..lineEnd], out string name, out string value, out error))
            {
                return false;
            }

            // RFC 9110 §5.3: repeated fields combine into one comma-separated list, in order.
            headers[name] = headers.TryGetValue(name, out string? earlier) ? earlier + ", " + value : value;
            counts[name] = counts.GetValueOrDefault(name) + 1;
            rest = rest[(lineEnd + 2)..];
        }

        request = new HttpRequestHead(method, target, minorVersion, headers, counts);
        error = "";
        return true;
    }

    // RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, out string method, out string target, out int minorVersion, out string error)
    {
        method = target = "";
        minorVersion = 0;
        int firstSpace = line.IndexOf((byte)' ');
        int secondSpace = firstSpace < 0 ? -1 : line[(firstSpace + 1)..].IndexOf((byte)' ');
        if (secondSpace < 0)
        {
            error = "malformed request line";
            return false;
        }

        secondSpace += firstSpace + 1;
        ReadOnlySpan<byte> methodBytes = line[..firstSpace];
        ReadOnlySpan<byte> targetBytes = line[(firstSpace + 1)..secondSpace];
        ReadOnlySpan<byte> version = line[(secondSpace + 1)..];
        if (!HttpSyntax.IsToken(methodBytes))
        {
            error = "malformed request method";
            return false;
        }

        if (targetBytes.IsEmpty || targetBytes.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            error = "malformed request target";
            return false;
        }

        // RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; only 1.x is spoken here.
        if (version.Length != 8 || !version.StartsWith("HTTP/1."u8) || !char.IsAsciiDigit((char)version[7]))
        {
            error = "HTTP/1.1 required";
            return false;
        }

        method = Encoding.ASCII.GetString(methodBytes);
        target = Encoding.ASCII.GetString(targetBytes);
        minorVersion = version[7] - '0';
        error = "";
        return true;
    }

    // RFC 9112 §5: field-line = field-name ":" OWS field-value OWS; no whitespace before the colon
    // (§5.1) and no obs-fold (§5.2), both refused with 400.
    private static bool TryParseField(ReadOnlySpan<byte> line, out string name, out string value, out string error)
    {
        name = value = "";
        if (line.Length > 0 && HttpSyntax.IsWhitespace(line[0]))
        {
            error = "obsolete line folding in header";
            return false;
        }

        int colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            error = "header line without colon";
            return false;
        }

        if (!HttpSyntax.IsToken(line[..colon]))
        {
            error = "malformed header name";
            return false;
        }

        ReadOnlySpan<byte> valueBytes = HttpSyntax.TrimWhitespace(line[(colon + 1)..]);
        if (HttpSyntax.HasControlCharacter(valueBytes))
        {
            error = "control character in header value";
            return false;
        }

        name = Encoding.ASCII.GetString(line[..colon]);
        value = Encoding.Latin1.GetString(valueBytes);
        error = "";
        return true;
    }
}
