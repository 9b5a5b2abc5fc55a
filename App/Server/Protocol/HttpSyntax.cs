namespace EspWs.App.Server.Protocol;

/// <summary>The character classes of HTTP/1.1 syntax (RFC 9110 §5.6), on raw bytes.</summary>
public static class HttpSyntax
{
    /// <summary>Returns whether <paramref name="value"/> is a non-empty token (RFC 9110 §5.6.2).</summary>
    public static bool IsToken(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (byte b in value)
        {
            if (!IsTokenChar(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns whether <paramref name="b"/> is a tchar: an ASCII letter or digit or one of <c>!#$%&amp;'*+-.^_`|~</c>.</summary>
    public static bool IsTokenChar(byte b)
    {
        return char.IsAsciiLetterOrDigit((char)b) || b switch
        {
            (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
                or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~' => true,
            _ => false,
        };
    }

    /// <summary>Returns whether <paramref name="b"/> is optional whitespace: a space or a horizontal tab.</summary>
    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';

    /// <summary>Returns <paramref name="value"/> without leading and trailing spaces and tabs.</summary>
    public static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);

    /// <summary>Returns whether <paramref name="value"/> holds a control character other than a tab (NUL, CR, LF, DEL...).</summary>
    public static bool HasControlCharacter(ReadOnlySpan<byte> value)
    {
        foreach (byte b in value)
        {
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns whether the comma-separated list <paramref name="list"/> holds <paramref name="token"/>, ignoring case and surrounding whitespace.</summary>
    public static bool ListContains(string? list, string token)
    {
        if (list is null)
        {
            return false;
        }

        ReadOnlySpan<char> rest = list;
        foreach (Range range in rest.Split(','))
        {
            if (rest[range].Trim(" \t").Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
