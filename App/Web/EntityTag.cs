using System.IO.Hashing;

namespace EspWs.App.Web;

/// <summary>Strong entity tags for the embedded files and the <c>If-None-Match</c> check (RFC 9110 §8.8.3, §13.1.2).</summary>
public static class EntityTag
{
    /// <summary>Returns a quoted strong tag derived from the content's 64-bit hash, so equal bytes always get the same tag.</summary>
    /// <remarks>
    /// A tag only tells versions of our own files apart, so a non-cryptographic hash is enough. SHA-256 here loaded
    /// OpenSSL while the app started (the tags are made at start), which cost the Native AOT build 3.6 MiB of idle
    /// memory and some of its start (docs/performance.md, "Device build footprint").
    /// </remarks>
    public static string For(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[sizeof(ulong)];
        XxHash64.Hash(content, hash);
        return "\"" + Convert.ToHexStringLower(hash) + "\"";
    }

    /// <summary>True when an <c>If-None-Match</c> value names <paramref name="entityTag"/> or is <c>*</c>.</summary>
    /// <remarks>RFC 9110 §13.1.2: If-None-Match compares weakly, so <c>W/"x"</c> matches <c>"x"</c>.</remarks>
    public static bool IsMatchedBy(string? ifNoneMatch, string entityTag)
    {
        ArgumentNullException.ThrowIfNull(entityTag);
        if (string.IsNullOrEmpty(ifNoneMatch))
        {
            return false;
        }

        ReadOnlySpan<char> list = ifNoneMatch;
        foreach (Range range in list.Split(','))
        {
            ReadOnlySpan<char> candidate = list[range].Trim(" \t");
            if (candidate.SequenceEqual("*"))
            {
                return true;
            }

            if (candidate.StartsWith("W/", StringComparison.Ordinal))
            {
                candidate = candidate[2..];
            }

            if (candidate.SequenceEqual(entityTag))
            {
                return true;
            }
        }

        return false;
    }
}
