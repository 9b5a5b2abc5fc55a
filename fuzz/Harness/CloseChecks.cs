using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using EspWs.App.Server.Protocol;
using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>The slot's reading of a client's close frame (RFC 6455 §5.5.1, §7.4), with its rules checked.</summary>
internal static class CloseChecks
{
    /// <summary>Judges an unmasked close payload as ConnectionSlot.ReadClose does, and returns the result line.</summary>
    public static string Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0)
        {
            return "close 1005";
        }

        if (payload.Length == 1)
        {
            return "fail 1002 close payload of 1 byte";
        }

        ushort code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        bool accepted = CloseStatusRules.IsValidReceivedCode(code);
        Check(!MustRefuse(code) || !accepted, $"close code {code} is one a peer must not send");
        Check(!MustAccept(code) || accepted, $"close code {code} is one a peer may send");
        if (!accepted)
        {
            return "fail 1002 invalid close code";
        }

        ReadOnlySpan<byte> reason = payload[2..];
        bool valid = Utf8Validator.IsValid(reason);
        Check(valid == Utf8.IsValid(reason), "close reason validation agrees with Utf8.IsValid");
        if (!valid)
        {
            return "fail 1007 close reason is not valid UTF-8";
        }

        VerifyAnswer(code, reason);
        return $"close {code}";
    }

    // RFC 6455 §7.4.1-2: below 1000, 1004-1006, 1015, 1016-2999 (unassigned) and 5000 and above are never valid.
    private static bool MustRefuse(ushort code) => code is < 1000 or (>= 1004 and <= 1006) or (>= 1015 and <= 2999) or >= 5000;

    // RFC 6455 §7.4.1 defines 1000-1003 and 1007-1011; 3000-4999 belong to libraries and applications.
    private static bool MustAccept(ushort code) => code is (>= 1000 and <= 1003) or (>= 1007 and <= 1011) or (>= 3000 and <= 4999);

    // A close payload the server writes back with the same code and reason fits, and carries both unchanged.
    private static void VerifyAnswer(ushort code, ReadOnlySpan<byte> reason)
    {
        Span<byte> answer = stackalloc byte[FrameWriter.MaxClosePayloadLength];
        int length = FrameWriter.WriteClosePayload(answer, code, Encoding.UTF8.GetString(reason));
        Check(length <= FrameWriter.MaxClosePayloadLength, "a close payload fits a control frame");
        Check(BinaryPrimitives.ReadUInt16BigEndian(answer) == code, "the close payload starts with the code");
        Check(answer[2..length].SequenceEqual(reason), "a valid reason of at most 123 bytes is written back whole");
    }
}
