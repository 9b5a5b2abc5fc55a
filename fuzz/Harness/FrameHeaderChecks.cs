using EspWs.App.Server.Protocol;
using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>The promises FrameHeaderParser (and FrameWriter, which must write what it reads) make about one header.</summary>
internal static class FrameHeaderChecks
{
    /// <summary>
    /// Checks one parse of <paramref name="available"/> (the bytes received so far) against the reference reading,
    /// against a parse of everything that will ever arrive (<paramref name="eventually"/>), and against a round trip.
    /// </summary>
    public static void Verify(ReadOnlySpan<byte> available, ReadOnlySpan<byte> eventually, FrameParseStatus status, in FrameHeader header, string? error)
    {
        ReferenceFrameHeader expected = ReferenceFrameHeader.Decode(available, requireMask: true);
        Check(status == expected.Status, $"status {status} where RFC 6455 §5.2 gives {expected.Status}");
        Check((status == FrameParseStatus.ProtocolError) == !string.IsNullOrEmpty(error), "an error reason comes exactly with ProtocolError");
        if (status == FrameParseStatus.Complete)
        {
            Check(header.HeaderLength <= available.Length, "the header never extends past the bytes received");
            Check(expected.Matches(header, available), "parsed fields match the reference reading");
            Check(header.IsControl == ((int)header.Opcode >= 8), "IsControl follows the opcode");
            VerifyRoundTrip(available, header);
        }
        else
        {
            Check(header.HeaderLength == 0 && header.PayloadLength == 0 && header.MaskKey == 0, "no header fields leak out of a failed parse");
        }

        // More bytes never change a verdict already reached: the server parses again from the same start.
        if (status != FrameParseStatus.NeedMoreData)
        {
            FrameParseStatus later = FrameHeaderParser.TryParse(eventually, requireMask: true, out FrameHeader laterHeader, out _);
            Check(later == status, "more bytes do not change a header verdict");
            Check(status != FrameParseStatus.Complete || SameFields(header, laterHeader), "more bytes do not change a parsed header");
        }

        // The client-side reading (no mask required) obeys the same reference.
        FrameParseStatus lenient = FrameHeaderParser.TryParse(available, requireMask: false, out FrameHeader lenientHeader, out _);
        ReferenceFrameHeader lenientExpected = ReferenceFrameHeader.Decode(available, requireMask: false);
        Check(lenient == lenientExpected.Status, "requireMask: false agrees with the reference");
        Check(lenient != FrameParseStatus.Complete || lenientExpected.Matches(lenientHeader, available), "requireMask: false fields match the reference");
    }

    /// <summary>Returns whether two headers have the same fields.</summary>
    public static bool SameFields(in FrameHeader a, in FrameHeader b)
    {
        return a.Fin == b.Fin && a.Opcode == b.Opcode && a.IsMasked == b.IsMasked && a.PayloadLength == b.PayloadLength
            && a.MaskKey == b.MaskKey && a.HeaderLength == b.HeaderLength;
    }

    // FrameWriter writes the minimal encoding; reading it back gives the same frame, and when the wire used the
    // minimal encoding too, the very same bytes.
    private static void VerifyRoundTrip(ReadOnlySpan<byte> available, in FrameHeader header)
    {
        Span<byte> written = stackalloc byte[FrameWriter.MaxHeaderLength];
        int length = FrameWriter.WriteMaskedHeader(written, header.Opcode, header.Fin, header.PayloadLength, header.MaskKey);
        Check(length == FrameWriter.HeaderLength(header.PayloadLength, masked: true), "WriteMaskedHeader returns HeaderLength");
        FrameParseStatus reread = FrameHeaderParser.TryParse(written[..length], requireMask: true, out FrameHeader again, out _);
        Check(reread == FrameParseStatus.Complete, "a header FrameWriter wrote parses");
        Check(again.Fin == header.Fin && again.Opcode == header.Opcode && again.PayloadLength == header.PayloadLength
            && again.MaskKey == header.MaskKey && again.HeaderLength == length, "a written header reads back the same");
        if (length == header.HeaderLength)
        {
            Check(written[..length].SequenceEqual(available[..length]), "a minimal header is written back byte for byte");
        }
    }
}
