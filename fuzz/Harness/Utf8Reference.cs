using System.Buffers;
using System.Text.Unicode;

namespace EspWs.Fuzz.Harness;

/// <summary>How far some bytes are from valid UTF-8, as the BCL's own decoder judges them.</summary>
internal enum Utf8PrefixStatus
{
    /// <summary>Valid UTF-8 that ends on a code point boundary.</summary>
    Complete,

    /// <summary>Valid so far, but ending inside a code point: more bytes could complete it.</summary>
    Incomplete,

    /// <summary>No bytes appended after these can make them valid UTF-8.</summary>
    Invalid,
}

/// <summary>The oracle the harnesses compare Utf8Validator with: System.Text.Unicode.Utf8, which is independent of our code.</summary>
internal static class Utf8Reference
{
    private static char[] _chars = new char[256];

    /// <summary>Judges <paramref name="bytes"/> as the start of a longer stream (the BCL's non-final block).</summary>
    public static Utf8PrefixStatus PrefixStatus(ReadOnlySpan<byte> bytes)
    {
        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, 2 * _chars.Length)];
        }

        OperationStatus status = Utf8.ToUtf16(bytes, _chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
        return status switch
        {
            OperationStatus.Done => Utf8PrefixStatus.Complete,
            OperationStatus.NeedMoreData => Utf8PrefixStatus.Incomplete,
            OperationStatus.InvalidData => Utf8PrefixStatus.Invalid,
            _ => throw new InvariantViolationException($"unexpected BCL status {status}"),
        };
    }

    /// <summary>Returns the index of the first byte that no valid UTF-8 can continue with, or -1 when there is none.</summary>
    /// <remarks>Invalidity of a prefix is monotone (a longer prefix of an invalid one is invalid), so a binary search finds it.</remarks>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (PrefixStatus(bytes) != Utf8PrefixStatus.Invalid)
        {
            return -1;
        }

        // Invariant: prefix of length `low` is not invalid, prefix of length `high` is.
        int low = 0;
        int high = bytes.Length;
        while (high - low > 1)
        {
            int middle = low + ((high - low) / 2);
            if (PrefixStatus(bytes[..middle]) == Utf8PrefixStatus.Invalid)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high - 1;
    }
}
