using EspWs.App.Server.Protocol;
using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>Runs PayloadMask.Apply where a stray write would show, and checks unmasked payloads against the RFC's formula.</summary>
/// <remarks>PayloadMask works through unsafe refs and vectors, so an overrun would corrupt memory instead of throwing.</remarks>
internal static class GuardedMask
{
    private const int GuardBytes = 32;

    /// <summary>
    /// Unmasks <paramref name="length"/> bytes of <paramref name="region"/> at <paramref name="start"/> in place and
    /// checks that the bytes on either side of them did not change; returns Apply's next mask offset.
    /// </summary>
    public static int Apply(Span<byte> region, int start, int length, uint maskKey, int maskOffset)
    {
        Span<byte> before = region[Math.Max(0, start - GuardBytes)..start];
        Span<byte> after = region[(start + length)..Math.Min(region.Length, start + length + GuardBytes)];
        Span<byte> savedBefore = stackalloc byte[before.Length];
        Span<byte> savedAfter = stackalloc byte[after.Length];
        before.CopyTo(savedBefore);
        after.CopyTo(savedAfter);

        int next = PayloadMask.Apply(region.Slice(start, length), maskKey, maskOffset);

        Check(before.SequenceEqual(savedBefore), "PayloadMask.Apply never writes before its span");
        Check(after.SequenceEqual(savedAfter), "PayloadMask.Apply never writes past its span");
        Check(next == (maskOffset + length) % 4, "Apply returns the mask offset the next chunk starts at");
        return next;
    }

    /// <summary>
    /// Checks that <paramref name="unmasked"/>, however it was assembled, is the frame's payload XOR the key bytes
    /// as they stand on the wire (RFC 6455 §5.3), and equals one Apply over the whole payload.
    /// </summary>
    public static void VerifyFrame(ReadOnlySpan<byte> frame, in FrameHeader header, ReadOnlySpan<byte> unmasked)
    {
        ReadOnlySpan<byte> key = frame.Slice(header.HeaderLength - 4, 4);
        ReadOnlySpan<byte> masked = frame[header.HeaderLength..];
        Check(unmasked.Length == masked.Length, "the payload has the announced length");
        for (int i = 0; i < masked.Length; i++)
        {
            Check(unmasked[i] == (byte)(masked[i] ^ key[i % 4]), "octet i is XORed with key octet i mod 4");
        }

        byte[] whole = masked.ToArray();
        PayloadMask.Apply(whole, header.MaskKey, 0);
        Check(whole.AsSpan().SequenceEqual(unmasked), "chunked unmasking equals unmasking in one go");
        PayloadMask.Apply(whole, header.MaskKey, 0);
        Check(whole.AsSpan().SequenceEqual(masked), "masking twice restores the payload");
    }
}
