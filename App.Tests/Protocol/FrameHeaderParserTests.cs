using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class FrameHeaderParserTests
{
    private static readonly byte[] MaskBytes = [0x11, 0x22, 0x33, 0x44];

    private static byte[] Masked(params byte[] headerWithoutMask) => [.. headerWithoutMask, .. MaskBytes];

    private static FrameHeader ParseComplete(byte[] data, bool requireMask = true)
    {
        FrameParseStatus status = FrameHeaderParser.TryParse(data, requireMask, out FrameHeader header, out string? error);
        Assert.Equal(FrameParseStatus.Complete, status);
        Assert.Null(error);
        return header;
    }

    private static string ParseError(byte[] data, bool requireMask = true)
    {
        FrameParseStatus status = FrameHeaderParser.TryParse(data, requireMask, out _, out string? error);
        Assert.Equal(FrameParseStatus.ProtocolError, status);
        Assert.NotNull(error);
        return error;
    }

    public static TheoryData<byte[], long, int> LengthClasses => new()
    {
        { Masked(0x82, 0x80), 0, 6 },
        { Masked(0x82, 0x80 | 1), 1, 6 },
        { Masked(0x82, 0x80 | 125), 125, 6 },
        { Masked(0x82, 0x80 | 126, 0x00, 0x7E), 126, 8 },
        { Masked(0x82, 0x80 | 126, 0xFF, 0xFF), 65535, 8 },
        { Masked(0x82, 0x80 | 127, 0, 0, 0, 0, 0, 1, 0, 0), 65536, 14 },
        { Masked(0x82, 0x80 | 127, 0, 0, 0, 1, 0, 0, 0, 0), 1L << 32, 14 },
        { Masked(0x82, 0x80 | 127, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), long.MaxValue, 14 },
    };

    [Theory]
    [MemberData(nameof(LengthClasses))]
    public void Every_length_encoding_gives_the_payload_length_and_header_length(byte[] data, long payloadLength, int headerLength)
    {
        FrameHeader header = ParseComplete(data);

        Assert.Equal(payloadLength, header.PayloadLength);
        Assert.Equal(headerLength, header.HeaderLength);
        Assert.True(header.IsMasked);
        Assert.True(header.Fin);
        Assert.Equal(Opcode.Binary, header.Opcode);
    }

    public static TheoryData<byte[], long> NonMinimalEncodings => new()
    {
        { Masked(0x81, 0x80 | 126, 0x00, 0x05), 5 },
        { Masked(0x81, 0x80 | 126, 0x00, 0x7D), 125 },
        { Masked(0x81, 0x80 | 127, 0, 0, 0, 0, 0, 0, 0, 5), 5 },
        { Masked(0x81, 0x80 | 127, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF), 65535 },
    };

    [Theory]
    [MemberData(nameof(NonMinimalEncodings))]
    public void Non_minimal_length_encodings_are_accepted(byte[] data, long payloadLength)
    {
        Assert.Equal(payloadLength, ParseComplete(data).PayloadLength);
    }

    [Fact]
    public void Sixty_four_bit_length_with_top_bit_set_is_a_protocol_error()
    {
        byte[] data = Masked(0x82, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 0);

        Assert.Equal(FrameHeaderParser.LengthTopBitError, ParseError(data));
    }

    [Theory]
    [InlineData(new byte[] { 0x82, 0x80 | 127, 0, 0, 0, 0, 0, 1, 0, 0, 0x11, 0x22, 0x33, 0x44 })]
    [InlineData(new byte[] { 0x82, 0x80 | 126, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44 })]
    [InlineData(new byte[] { 0x82, 0x80 | 5, 0x11, 0x22, 0x33, 0x44 })]
    [InlineData(new byte[] { 0x82, 5 })]
    public void Every_truncation_of_a_header_needs_more_data_and_leaves_the_header_default(byte[] full)
    {
        bool requireMask = (full[1] & 0x80) != 0;
        for (int length = 0; length < full.Length; length++)
        {
            FrameParseStatus status = FrameHeaderParser.TryParse(full.AsSpan(0, length), requireMask, out FrameHeader header, out string? error);

            Assert.Equal(FrameParseStatus.NeedMoreData, status);
            Assert.Equal(default, header);
            Assert.Null(error);
        }

        Assert.Equal(full.Length, ParseComplete(full, requireMask).HeaderLength);
    }

    [Fact]
    public void Payload_bytes_after_the_header_are_not_part_of_it()
    {
        byte[] data = [.. Masked(0x81, 0x80 | 3), 0xAA, 0xBB, 0xCC];

        FrameHeader header = ParseComplete(data);

        Assert.Equal(6, header.HeaderLength);
        Assert.Equal(3, header.PayloadLength);
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x20)]
    [InlineData(0x10)]
    [InlineData(0x70)]
    public void Any_reserved_bit_is_a_protocol_error(byte rsvBits)
    {
        byte[] data = Masked((byte)(0x81 | rsvBits), 0x80);

        Assert.Equal(FrameHeaderParser.ReservedBitsError, ParseError(data));
    }

    [Theory]
    [InlineData(0x3)]
    [InlineData(0x4)]
    [InlineData(0x5)]
    [InlineData(0x6)]
    [InlineData(0x7)]
    [InlineData(0xB)]
    [InlineData(0xC)]
    [InlineData(0xD)]
    [InlineData(0xE)]
    [InlineData(0xF)]
    public void Every_reserved_opcode_is_a_protocol_error(byte opcode)
    {
        byte[] data = Masked((byte)(0x80 | opcode), 0x80);

        Assert.Equal(FrameHeaderParser.ReservedOpcodeError, ParseError(data));
    }

    [Theory]
    [InlineData(Opcode.Continuation)]
    [InlineData(Opcode.Text)]
    [InlineData(Opcode.Binary)]
    [InlineData(Opcode.Close)]
    [InlineData(Opcode.Ping)]
    [InlineData(Opcode.Pong)]
    public void Every_defined_opcode_is_accepted(Opcode opcode)
    {
        FrameHeader header = ParseComplete(Masked((byte)(0x80 | (byte)opcode), 0x80));

        Assert.Equal(opcode, header.Opcode);
        Assert.Equal(opcode >= Opcode.Close, header.IsControl);
    }

    [Theory]
    [InlineData(0x8, 126)]
    [InlineData(0x9, 126)]
    [InlineData(0xA, 126)]
    [InlineData(0x8, 127)]
    [InlineData(0x9, 127)]
    [InlineData(0xA, 127)]
    public void Control_frame_with_payload_over_125_is_a_protocol_error(byte opcode, byte lengthCode)
    {
        byte[] data = Masked((byte)(0x80 | opcode), (byte)(0x80 | lengthCode), 0, 0, 0, 0, 0, 0, 0, 126);

        Assert.Equal(FrameHeaderParser.ControlFrameTooLongError, ParseError(data));
    }

    [Fact]
    public void Control_frame_with_payload_of_125_is_accepted()
    {
        Assert.Equal(125, ParseComplete(Masked(0x89, 0x80 | 125)).PayloadLength);
    }

    [Theory]
    [InlineData(0x8)]
    [InlineData(0x9)]
    [InlineData(0xA)]
    public void Fragmented_control_frame_is_a_protocol_error(byte opcode)
    {
        Assert.Equal(FrameHeaderParser.FragmentedControlFrameError, ParseError(Masked(opcode, 0x80)));
    }

    [Fact]
    public void Data_frame_with_fin_clear_is_accepted_as_a_fragment()
    {
        Assert.False(ParseComplete(Masked(0x01, 0x80 | 3)).Fin);
    }

    [Fact]
    public void Unmasked_frame_is_a_protocol_error_when_masking_is_required()
    {
        Assert.Equal(FrameHeaderParser.UnmaskedFrameError, ParseError([0x81, 0x05]));
    }

    [Fact]
    public void Unmasked_frame_is_accepted_when_masking_is_not_required()
    {
        FrameHeader header = ParseComplete([0x81, 0x05], requireMask: false);

        Assert.False(header.IsMasked);
        Assert.Equal(0u, header.MaskKey);
        Assert.Equal(2, header.HeaderLength);
        Assert.Equal(5, header.PayloadLength);
    }

    [Fact]
    public void Errors_in_the_first_two_bytes_are_reported_before_the_rest_arrives()
    {
        Assert.Equal(FrameHeaderParser.ReservedBitsError, ParseError([0xC1, 0x80 | 127]));
    }

    [Fact]
    public void Mask_key_is_read_little_endian_so_wire_byte_zero_is_the_low_byte()
    {
        Assert.Equal(0x44332211u, ParseComplete(Masked(0x81, 0x80)).MaskKey);
    }

    public static TheoryData<Opcode, bool, long> RoundTripCases()
    {
        var data = new TheoryData<Opcode, bool, long>();
        foreach (long length in new long[] { 0, 1, 125, 126, 127, 65535, 65536, 1L << 32, long.MaxValue })
        {
            data.Add(Opcode.Text, true, length);
            data.Add(Opcode.Binary, false, length);
            data.Add(Opcode.Continuation, true, length);
        }

        foreach (Opcode control in new[] { Opcode.Close, Opcode.Ping, Opcode.Pong })
        {
            data.Add(control, true, 0);
            data.Add(control, true, 125);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void Masked_header_written_by_FrameWriter_parses_back_to_the_same_fields(Opcode opcode, bool fin, long payloadLength)
    {
        Span<byte> buffer = stackalloc byte[FrameWriter.MaxHeaderLength];
        int written = FrameWriter.WriteMaskedHeader(buffer, opcode, fin, payloadLength, 0xA1B2C3D4);

        FrameHeader header = ParseComplete(buffer[..written].ToArray());

        Assert.Equal(opcode, header.Opcode);
        Assert.Equal(fin, header.Fin);
        Assert.Equal(payloadLength, header.PayloadLength);
        Assert.Equal(0xA1B2C3D4u, header.MaskKey);
        Assert.Equal(written, header.HeaderLength);
        Assert.Equal(FrameWriter.HeaderLength(payloadLength, masked: true), written);
    }
}
