using System.Buffers;
using System.Text.Unicode;

namespace EspWs.App.Tests.Conformance;

/// <summary>
/// Judges UTF-8 with the BCL's own decoder, not the server's validator, so the suite's expectations are independent
/// of the code under test.
/// </summary>
public static class Utf8Reference
{
    /// <summary>True when <paramref name="bytes"/> is complete, valid UTF-8: a text message that may end here.</summary>
    public static bool IsValidMessage(ReadOnlySpan<byte> bytes) => Decode(bytes, isFinalBlock: true) == OperationStatus.Done;

    /// <summary>
    /// The index of the first byte after which no valid UTF-8 can follow, the byte a fail-fast server must fail on;
    /// -1 when every prefix can still be continued into valid UTF-8.
    /// </summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        for (int end = 1; end <= bytes.Length; end++)
        {
            if (Decode(bytes[..end], isFinalBlock: false) == OperationStatus.InvalidData)
            {
                return end - 1;
            }
        }

        return -1;
    }

    private static OperationStatus Decode(ReadOnlySpan<byte> bytes, bool isFinalBlock)
    {
        char[] chars = new char[bytes.Length + 1];
        return Utf8.ToUtf16(bytes, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock);
    }
}
