namespace EspWs.App.Server.Protocol;

/// <summary>
/// Validates UTF-8 incrementally, chunk by chunk, for text messages split over frames and reads (RFC 6455 §8.1),
/// failing at the first byte that no valid UTF-8 can continue with.
/// </summary>
/// <remarks>
/// The default value is a fresh validator. It follows the well-formed byte sequences of Unicode Table 3-7 (RFC 3629 §4),
/// so overlong forms, surrogates and code points above U+10FFFF fail at the first byte that rules them out.
/// </remarks>
public struct Utf8Validator
{
    private int _remaining;
    private byte _lower;
    private byte _upper;
    private bool _failed;

    /// <summary>Gets whether the bytes so far end on a code point boundary, so a message may end here.</summary>
    public readonly bool IsComplete => !_failed && _remaining == 0;

    /// <summary>Gets whether the bytes so far can no longer be the start of valid UTF-8.</summary>
    public readonly bool HasFailed => _failed;

    /// <summary>
    /// Validates the next chunk, returning false as soon as the bytes so far can no longer be a prefix of valid
    /// UTF-8; once false, it stays false until <see cref="Reset"/>.
    /// </summary>
    public bool Append(ReadOnlySpan<byte> chunk)
    {
        if (_failed)
        {
            return false;
        }

        int remaining = _remaining;
        byte lower = _lower;
        byte upper = _upper;
        int i = 0;
        while (i < chunk.Length)
        {
            byte b = chunk[i];
            if (remaining == 0)
            {
                if (b < 0x80)
                {
                    int nonAscii = chunk.Slice(i).IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F);
                    if (nonAscii < 0)
                    {
                        break;
                    }

                    i += nonAscii;
                    continue;
                }

                // Unicode Table 3-7: the lead byte fixes the length and the range of the first continuation byte,
                // which is how E0, ED, F0 and F4 exclude overlongs, surrogates and values above U+10FFFF.
                if (b < 0xC2)
                {
                    return Fail();
                }

                if (b < 0xE0)
                {
                    remaining = 1;
                    lower = 0x80;
                    upper = 0xBF;
                }
                else if (b < 0xF0)
                {
                    remaining = 2;
                    lower = b == 0xE0 ? (byte)0xA0 : (byte)0x80;
                    upper = b == 0xED ? (byte)0x9F : (byte)0xBF;
                }
                else if (b < 0xF5)
                {
                    remaining = 3;
                    lower = b == 0xF0 ? (byte)0x90 : (byte)0x80;
                    upper = b == 0xF4 ? (byte)0x8F : (byte)0xBF;
                }
                else
                {
                    return Fail();
                }
            }
            else
            {
                if (b < lower || b > upper)
                {
                    return Fail();
                }

                remaining--;
                lower = 0x80;
                upper = 0xBF;
            }

            i++;
        }

        _remaining = remaining;
        _lower = lower;
        _upper = upper;
        return true;
    }

    /// <summary>Forgets everything appended, ready for the next message.</summary>
    public void Reset()
    {
        this = default;
    }

    /// <summary>Returns whether <paramref name="whole"/> is complete, valid UTF-8, e.g. a close reason.</summary>
    public static bool IsValid(ReadOnlySpan<byte> whole)
    {
        var validator = default(Utf8Validator);
        return validator.Append(whole) && validator.IsComplete;
    }

    private bool Fail()
    {
        _failed = true;
        return false;
    }
}
