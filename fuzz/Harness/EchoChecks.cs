using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>Checks the echo the slot sends for a complete message: a header written in the room in front of the payload.</summary>
internal static class EchoChecks
{
    /// <summary>Writes the echo header as ConnectionSlot.DeliverAsync does and checks the frame reads back as the message, payload untouched.</summary>
    public static void Verify(MessageBuffer message, Opcode opcode)
    {
        int length = message.Length;
        byte[] payloadBefore = message.Payload.ToArray();
        int headerLength = FrameWriter.HeaderLength(length);
        Check(headerLength <= MessageBuffer.HeaderRoom, "the echo header fits the room reserved for it");
        int start = MessageBuffer.HeaderRoom - headerLength;
        int written = FrameWriter.WriteHeader(message.Array.AsSpan(start), opcode, fin: true, length);
        Check(written == headerLength, "WriteHeader writes HeaderLength bytes");
        Check(message.Payload.SequenceEqual(payloadBefore), "writing the echo header leaves the payload alone");

        ReadOnlySpan<byte> frame = message.Array.AsSpan(start, headerLength + length);
        FrameParseStatus status = FrameHeaderParser.TryParse(frame, requireMask: false, out FrameHeader header, out _);
        ReferenceFrameHeader expected = ReferenceFrameHeader.Decode(frame, requireMask: false);
        Check(status == FrameParseStatus.Complete && expected.Status == FrameParseStatus.Complete, "the echo frame parses");
        Check(expected.Matches(header, frame), "the echo header reads back to the reference fields");
        Check(header.Fin && header.Opcode == opcode && !header.IsMasked && header.PayloadLength == length
            && header.HeaderLength == headerLength, "the echo is one unmasked final frame of the same type and length");
    }
}
