using System.Text;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class FrameWriterTests
{
    public static TheoryData<long, byte[]> UnmaskedHeaders => new()
    {
        { 0, [0x82, 0x00] },
        { 125, [0x82, 0x7D] },
        { 126, [0x82, 0x7E, 0x00, 0x7E] },
        { 65535, [0x82, 0x7E, 0xFF, 0xFF] },
        { 65536, [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] },
        { 1L << 32, [0x82, 0x7F, 0, 0, 0, 1, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(UnmaskedHeaders))]
    public void Header_uses_the_minimal_length_encoding_byte_for_byte(long payloadLength, byte[] expected)
    {
        byte[] buffer = new byte[FrameWriter.MaxHeaderLength];

        int written = FrameWriter.WriteHeader(buffer, Opcode.Binary, fin: true, payloadLength);

        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(expected.Length, FrameWriter.HeaderLength(payloadLength));
    }

    [Theory]
    [InlineData(Opcode.Text, true, 0x81)]
    [InlineData(Opcode.Text, false, 0x01)]
    [InlineData(Opcode.Continuation, false, 0x00)]
    [InlineData(Opcode.Continuation, true, 0x80)]
    [InlineData(Opcode.Close, true, 0x88)]
    [InlineData(Opcode.Ping, true, 0x89)]
    [InlineData(Opcode.Pong, true, 0x8A)]
    public void First_byte_holds_fin_and_opcode_with_reserved_bits_clear(Opcode opcode, bool fin, byte expected)
    {
        byte[] buffer = new byte[FrameWriter.MaxHeaderLength];

        FrameWriter.WriteHeader(buffer, opcode, fin, 3);

        Assert.Equal(expected, buffer[0]);
        Assert.Equal(3, buffer[1]);
    }

    [Theory]
    [InlineData(0, 6)]
    [InlineData(125, 6)]
    [InlineData(126, 8)]
    [InlineData(65535, 8)]
    [InlineData(65536, 14)]
    public void Masked_header_length_adds_four_bytes_for_the_key(long payloadLength, int expected)
    {
        Assert.Equal(expected, FrameWriter.HeaderLength(payloadLength, masked: true));
    }

    [Fact]
    public void Masked_header_sets_the_mask_bit_and_writes_the_key_in_wire_order()
    {
        byte[] buffer = new byte[FrameWriter.MaxHeaderLength];

        int written = FrameWriter.WriteMaskedHeader(buffer, Opcode.Text, fin: true, 126, 0x3D21FA37);

        Assert.Equal(new byte[] { 0x81, 0xFE, 0x00, 0x7E, 0x37, 0xFA, 0x21, 0x3D }, buffer[..written]);
    }

    [Fact]
    public void Negative_payload_length_is_refused()
    {
        byte[] buffer = new byte[FrameWriter.MaxHeaderLength];

        Assert.Throws<ArgumentOutOfRangeException>(() => FrameWriter.WriteHeader(buffer, Opcode.Binary, true, -1));
    }

    [Fact]
    public void Destination_too_small_for_the_header_is_refused()
    {
        byte[] buffer = new byte[3];

        Assert.Throws<ArgumentException>(() => FrameWriter.WriteHeader(buffer, Opcode.Binary, true, 200));
    }

    [Fact]
    public void Close_payload_is_the_big_endian_code_then_the_utf8_reason()
    {
        byte[] buffer = new byte[FrameWriter.MaxClosePayloadLength];

        int written = FrameWriter.WriteClosePayload(buffer, 1001, "bye κ");

        Assert.Equal((byte[])[0x03, 0xE9, .. Encoding.UTF8.GetBytes("bye κ")], buffer[..written]);
    }

    [Fact]
    public void Close_payload_without_reason_is_two_bytes()
    {
        byte[] buffer = new byte[FrameWriter.MaxClosePayloadLength];

        Assert.Equal(2, FrameWriter.WriteClosePayload(buffer, 1000, ""));
        Assert.Equal(new byte[] { 0x03, 0xE8 }, buffer[..2]);
    }

    [Theory]
    [InlineData(123, "", 125)]
    [InlineData(200, "", 125)]
    [InlineData(122, "é", 124)]
    [InlineData(121, "é", 125)]
    [InlineData(121, "€", 123)]
    [InlineData(120, "€", 125)]
    [InlineData(120, "😀", 122)]
    [InlineData(119, "😀", 125)]
    public void Close_reason_is_cut_at_a_character_boundary_to_fit_125_bytes(int asciiCount, string tail, int expectedLength)
    {
        byte[] buffer = new byte[200];
        string reason = new string('a', asciiCount) + tail + "zzz";

        int written = FrameWriter.WriteClosePayload(buffer, 1000, reason);

        Assert.Equal(expectedLength, written);
        Assert.True(Utf8Validator.IsValid(buffer.AsSpan(2, written - 2)));
        Assert.StartsWith(Encoding.UTF8.GetString(buffer, 2, written - 2), reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Close_reason_is_cut_to_fit_a_smaller_destination()
    {
        byte[] buffer = new byte[6];

        Assert.Equal(6, FrameWriter.WriteClosePayload(buffer, 1000, "abcdefgh"));
        Assert.Equal("abcd"u8.ToArray(), buffer[2..]);
    }

    [Fact]
    public void Lone_surrogate_in_close_reason_becomes_the_replacement_character()
    {
        byte[] buffer = new byte[FrameWriter.MaxClosePayloadLength];

        int written = FrameWriter.WriteClosePayload(buffer, 1000, "a\uD800b");

        Assert.Equal(new byte[] { 0x03, 0xE8, (byte)'a', 0xEF, 0xBF, 0xBD, (byte)'b' }, buffer[..written]);
    }
}
