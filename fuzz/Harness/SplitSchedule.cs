namespace EspWs.Fuzz.Harness;

/// <summary>
/// Reads the fuzzer-chosen split points at the front of an input: byte 0 gives a count n (its low 3 bits), the next
/// n bytes are chunk lengths used in turn, and everything after them is the data to feed in those chunks.
/// </summary>
/// <remarks>
/// Putting the splits in the input lets AFL search them like any other byte, so a bug that needs a sequence cut at
/// one exact place is as reachable as one that needs a particular byte. n = 0 means the data arrives in one piece.
/// </remarks>
internal ref struct SplitSchedule
{
    private readonly ReadOnlySpan<byte> _lengths;
    private readonly bool _allZero;
    private int _next;

    private SplitSchedule(ReadOnlySpan<byte> lengths)
    {
        _lengths = lengths;
        _allZero = lengths.IndexOfAnyExcept((byte)0) < 0;
        _next = 0;
    }

    /// <summary>Gets a schedule that delivers the data whole, in one chunk.</summary>
    public static SplitSchedule Whole => new(ReadOnlySpan<byte>.Empty);

    /// <summary>Gets whether the data arrives whole, in one chunk.</summary>
    public readonly bool IsOneShot => _lengths.IsEmpty;

    /// <summary>Splits <paramref name="input"/> into its schedule and the data it applies to.</summary>
    public static SplitSchedule Read(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> data)
    {
        if (input.IsEmpty)
        {
            data = input;
            return Whole;
        }

        int count = Math.Min(input[0] & 0x07, input.Length - 1);
        data = input[(1 + count)..];
        return new SplitSchedule(input.Slice(1, count));
    }

    /// <summary>Returns the length of the next chunk, at least <paramref name="minimum"/> and at most <paramref name="remaining"/>.</summary>
    /// <remarks>A schedule of only zero lengths would never advance, so it delivers everything at once instead.</remarks>
    public int Next(int remaining, int minimum)
    {
        if (_lengths.IsEmpty || _allZero)
        {
            return remaining;
        }

        int length = _lengths[_next];
        _next = (_next + 1) % _lengths.Length;
        return Math.Min(Math.Max(length, minimum), remaining);
    }
}
