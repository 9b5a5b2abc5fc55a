using System.Buffers;
using System.Text;
using System.Text.Unicode;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class Utf8ValidatorTests
{
    public static TheoryData<string> ValidSamples => new()
    {
        "",
        "48656C6C6F",                                  // "Hello"
        "C280", "C2A9", "DFBF",                        // U+0080, ©, U+07FF
        "E0A080", "E282AC", "ED9FBF", "EE8080",        // U+0800, €, U+D7FF, U+E000
        "EFBFBF",                                      // U+FFFF
        "EFBBBF",                                      // BOM
        "F0908080", "F09F9880", "F48FBFBF",            // U+10000, 😀, U+10FFFF
        "CEBAE1BDB9CF83CEBCCEB5",                      // κόσμε
        Convert.ToHexString(Encoding.UTF8.GetBytes(new string('x', 70) + "κόσμε" + new string('y', 40) + "😀!")),
    };

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Valid_text_is_accepted_whole(string hex)
    {
        var validator = default(Utf8Validator);

        Assert.True(validator.Append(Hex(hex)));
        Assert.True(validator.IsComplete);
        Assert.True(Utf8Validator.IsValid(Hex(hex)));
    }

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Valid_text_is_accepted_when_split_at_every_byte_position(string hex)
    {
        byte[] bytes = Hex(hex);
        for (int split = 0; split <= bytes.Length; split++)
        {
            var validator = default(Utf8Validator);

            Assert.True(validator.Append(bytes.AsSpan(0, split)));
            Assert.True(validator.Append(bytes.AsSpan(split)));
            Assert.True(validator.IsComplete);
        }
    }

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Valid_text_is_accepted_one_byte_at_a_time_and_is_complete_only_on_code_point_boundaries(string hex)
    {
        byte[] bytes = Hex(hex);
        var validator = default(Utf8Validator);
        for (int i = 0; i < bytes.Length; i++)
        {
            Assert.True(validator.Append(bytes.AsSpan(i, 1)));
            bool nextStartsCodePoint = i + 1 == bytes.Length || (bytes[i + 1] & 0xC0) != 0x80;
            Assert.Equal(nextStartsCodePoint, validator.IsComplete);
        }

        Assert.True(validator.IsComplete);
    }

    [Theory]
    [InlineData("C080", 0)]                 // overlong 2-byte: C0 can never start valid UTF-8
    [InlineData("C1BF", 0)]                 // overlong 2-byte
    [InlineData("E08080", 1)]               // overlong 3-byte fails at the 80
    [InlineData("E09FBF", 1)]               // overlong 3-byte, highest
    [InlineData("F0808080", 1)]             // overlong 4-byte
    [InlineData("F08FBFBF", 1)]             // overlong 4-byte, highest
    [InlineData("EDA080", 1)]               // surrogate U+D800
    [InlineData("EDBFBF", 1)]               // surrogate U+DFFF
    [InlineData("F4908080", 1)]             // U+110000
    [InlineData("F5808080", 0)]
    [InlineData("F8", 0)]
    [InlineData("FE", 0)]
    [InlineData("FF", 0)]
    [InlineData("80", 0)]                   // lone continuation
    [InlineData("BF", 0)]
    [InlineData("4180", 1)]
    [InlineData("C241", 1)]                 // lead byte without its continuation
    [InlineData("E28241", 2)]
    [InlineData("F09F9841", 3)]
    [InlineData("C2A980", 2)]               // one continuation too many
    [InlineData("CEBAE1BDB9CF83CEBCCEB5EDA080656469746564", 12)] // Autobahn 6.x: κόσμε then a surrogate
    public void Invalid_text_fails_exactly_at_the_first_byte_that_makes_it_invalid(string hex, int failIndex)
    {
        byte[] bytes = Hex(hex);
        var validator = default(Utf8Validator);
        for (int i = 0; i < failIndex; i++)
        {
            Assert.True(validator.Append(bytes.AsSpan(i, 1)), $"byte {i} was refused");
        }

        Assert.False(validator.Append(bytes.AsSpan(failIndex, 1)));
        Assert.False(validator.IsComplete);
        Assert.True(validator.HasFailed);

        var whole = default(Utf8Validator);
        Assert.False(whole.Append(bytes));
        Assert.False(Utf8Validator.IsValid(bytes));
    }

    [Theory]
    [InlineData("C2", "A9")]
    [InlineData("E282", "AC")]
    [InlineData("E2", "82AC")]
    [InlineData("F09F98", "80")]
    [InlineData("F0", "9F9880")]
    [InlineData("41F0", "9F988041")]
    public void Truncated_sequence_is_a_valid_prefix_but_not_complete(string head, string rest)
    {
        var validator = default(Utf8Validator);

        Assert.True(validator.Append(Hex(head)));
        Assert.False(validator.IsComplete);
        Assert.False(Utf8Validator.IsValid(Hex(head)));
        Assert.True(validator.Append(Hex(rest)));
        Assert.True(validator.IsComplete);
    }

    [Fact]
    public void Failure_is_sticky_until_reset()
    {
        var validator = default(Utf8Validator);
        Assert.False(validator.Append([0xFF]));

        Assert.False(validator.Append("fine"u8));
        Assert.False(validator.IsComplete);

        validator.Reset();
        Assert.True(validator.Append("fine"u8));
        Assert.True(validator.IsComplete);
    }

    [Fact]
    public void Reset_forgets_a_pending_sequence()
    {
        var validator = default(Utf8Validator);
        Assert.True(validator.Append([0xE2, 0x82]));

        validator.Reset();

        Assert.True(validator.IsComplete);
        Assert.False(validator.Append([0xAC]));
    }

    [Fact]
    public void Random_input_fed_at_random_splits_agrees_with_the_bcl_validator()
    {
        var random = new Random(3629);
        for (int round = 0; round < 4000; round++)
        {
            byte[] bytes = RandomText(random);
            bool expectedValid = Utf8.IsValid(bytes);
            int expectedFailIndex = FirstFailingIndex(bytes);
            Assert.Equal(expectedValid, expectedFailIndex < 0 && Utf8Validator.IsValid(bytes));

            var validator = default(Utf8Validator);
            int position = 0;
            int failedChunkStart = -1;
            int failedChunkEnd = -1;
            while (position < bytes.Length)
            {
                int size = Math.Min(random.Next(0, 12), bytes.Length - position);
                if (!validator.Append(bytes.AsSpan(position, size)) && failedChunkStart < 0)
                {
                    failedChunkStart = position;
                    failedChunkEnd = position + size;
                }

                position += size;
            }

            Assert.Equal(expectedValid, validator.IsComplete);
            if (expectedFailIndex >= 0)
            {
                Assert.InRange(expectedFailIndex, failedChunkStart, failedChunkEnd - 1);
            }
            else
            {
                Assert.Equal(-1, failedChunkStart);
            }
        }
    }

    [Fact]
    public void Random_input_fed_byte_by_byte_fails_at_the_reference_index()
    {
        var random = new Random(6455);
        for (int round = 0; round < 2000; round++)
        {
            byte[] bytes = RandomText(random);
            var validator = default(Utf8Validator);
            int failIndex = -1;
            for (int i = 0; i < bytes.Length && failIndex < 0; i++)
            {
                if (!validator.Append(bytes.AsSpan(i, 1)))
                {
                    failIndex = i;
                }
            }

            Assert.Equal(FirstFailingIndex(bytes), failIndex);
        }
    }

    // Sequences at the edges of Table 3-7 that random scalars and random bytes rarely produce.
    private static readonly byte[][] TrickySequences =
    [
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xED, 0x9F, 0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80],
        [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xE0, 0xA0, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
        [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xEF, 0xBF, 0xBF],
    ];

    // Mostly well-formed text with occasional damage, so both outcomes and every failure kind occur often.
    private static byte[] RandomText(Random random)
    {
        var buffer = new ArrayBufferWriter<byte>();
        int codePoints = random.Next(0, 40);
        Span<byte> scratch = stackalloc byte[4];
        for (int i = 0; i < codePoints; i++)
        {
            int roll = random.Next(100);
            if (roll < 5)
            {
                buffer.Write([(byte)random.Next(256)]);
                continue;
            }

            if (roll < 9)
            {
                byte[] tricky = TrickySequences[random.Next(TrickySequences.Length)];
                buffer.Write(tricky.AsSpan(0, random.Next(1, tricky.Length + 1)));
                continue;
            }

            int scalar = random.Next(4) switch
            {
                0 => random.Next(0x80),
                1 => random.Next(0x80, 0x800),
                2 => random.Next(0x800, 0x10000),
                _ => random.Next(0x10000, 0x110000),
            };
            if (scalar is >= 0xD800 and <= 0xDFFF)
            {
                scalar = 0xFFFD;
            }

            int length = new Rune(scalar).EncodeToUtf8(scratch);
            if (roll < 14)
            {
                length = random.Next(1, length + 1);
            }

            buffer.Write(scratch[..length]);
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The index of the first byte after which no valid UTF-8 can follow, from the BCL's decoder: -1 when the
    // bytes are valid or a truncated valid prefix.
    private static int FirstFailingIndex(byte[] bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(bytes.AsSpan(i), out _, out int consumed);
            if (status == OperationStatus.Done)
            {
                i += consumed;
                continue;
            }

            if (status == OperationStatus.NeedMoreData)
            {
                return -1;
            }

            // The BCL consumes the maximal invalid subpart; a byte that cannot start any sequence fails by itself,
            // otherwise the byte after the subpart is the one that broke it.
            byte lead = bytes[i];
            bool cannotStart = lead is >= 0x80 and < 0xC2 or >= 0xF5;
            return cannotStart ? i : i + consumed;
        }

        return -1;
    }
}
