using System.Text;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>What a strict client demands of every frame a server sends (RFC 6455 §5, §7.4), checked on each frame the suite reads.</summary>
public static class ServerFrameRules
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Check(RawFrame frame)
    {
        // §5.1: a server MUST NOT mask; §5.2: no RSV bit without an extension, and none is negotiated.
        Assert.False(frame.Masked, "the server masked a frame");
        Assert.True(frame.Rsv == 0, $"the server set RSV bits {frame.Rsv}");
        Assert.True(Enum.IsDefined(frame.Opcode) && frame.Opcode != Opcode.Continuation,
            $"the server sent opcode {(int)frame.Opcode}; its messages are always single frames");

        // docs/protocol.md: every server message is one unfragmented frame; §5.5: control frames are never fragmented.
        Assert.True(frame.Fin, $"the server sent a {frame.Opcode} frame without FIN");
        if (frame.Opcode >= Opcode.Close)
        {
            Assert.True(frame.Payload.Length <= 125, $"the server sent a {frame.Opcode} of {frame.Payload.Length} bytes");
        }

        if (frame.Opcode == Opcode.Text)
        {
            Assert.True(IsUtf8(frame.Payload), "the server sent a text frame that is not UTF-8");
        }

        if (frame.Opcode == Opcode.Close && frame.Payload.Length > 0)
        {
            // §7.4.1: 1005, 1006 and 1015 are never sent; §7.4.2: below 1000 and from 5000 are not used.
            Assert.True(frame.Payload.Length >= 2, "the server sent a close frame of 1 byte");
            Assert.True(frame.CloseCode is >= 1000 and < 5000 and not (1004 or 1005 or 1006 or 1015),
                $"the server sent close code {frame.CloseCode}");
            Assert.True(IsUtf8(frame.Payload.AsSpan(2)), "the server's close reason is not UTF-8");
        }
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
