using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class FramePathAllocationTests
{
    [Fact]
    public void Header_parse_mask_utf8_validation_and_header_write_allocate_nothing()
    {
        byte[] header = new byte[FrameWriter.MaxHeaderLength];
        byte[] payload = new byte[4096];
        byte[] text = System.Text.Encoding.UTF8.GetBytes(new string('a', 100) + "κόσμε😀" + new string('b', 100));
        RunFramePath(header, payload, text);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            RunFramePath(header, payload, text);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void RunFramePath(byte[] header, byte[] payload, byte[] text)
    {
        int length = FrameWriter.WriteMaskedHeader(header, Opcode.Text, true, 70000, 0x01020304);
        FrameHeaderParser.TryParse(header.AsSpan(0, length), true, out FrameHeader parsed, out _);
        FrameHeaderParser.TryParse([0xC1, 0x80], true, out _, out _);
        int offset = PayloadMask.Apply(payload.AsSpan(0, 1001), parsed.MaskKey, 0);
        PayloadMask.Apply(payload.AsSpan(1001), parsed.MaskKey, offset);
        var validator = default(Utf8Validator);
        validator.Append(text.AsSpan(0, 103));
        validator.Append(text.AsSpan(103));
        Utf8Validator.IsValid(text);
        FrameWriter.WriteHeader(header, Opcode.Binary, true, 200);
        FrameWriter.WriteClosePayload(payload, 1000, "going away, κόσμε");
    }
}
