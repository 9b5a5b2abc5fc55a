using System.Buffers.Binary;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class PayloadMaskTests
{
    private static void ReferenceMask(Span<byte> data, uint maskKey, int maskOffset)
    {
        Span<byte> key = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(key, maskKey);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] ^= key[(maskOffset + i) & 3];
        }
    }

    [Fact]
    public void Masking_equals_the_scalar_reference_for_every_length_up_to_300_and_every_offset()
    {
        var random = new Random(6455);
        for (int length = 0; length <= 300; length++)
        {
            for (int offset = 0; offset < 4; offset++)
            {
                byte[] original = new byte[length];
                random.NextBytes(original);
                uint key = (uint)random.NextInt64(0, 1L << 32);
                byte[] expected = (byte[])original.Clone();
                byte[] actual = (byte[])original.Clone();
                ReferenceMask(expected, key, offset);

                int next = PayloadMask.Apply(actual, key, offset);

                Assert.Equal(expected, actual);
                Assert.Equal((offset + length) & 3, next);
            }
        }
    }

    [Fact]
    public void Masking_in_chunks_with_the_carried_offset_equals_masking_at_once()
    {
        var random = new Random(13);
        for (int round = 0; round < 500; round++)
        {
            byte[] original = new byte[random.Next(0, 2000)];
            random.NextBytes(original);
            uint key = (uint)random.NextInt64(0, 1L << 32);
            byte[] oneShot = (byte[])original.Clone();
            PayloadMask.Apply(oneShot, key, 0);

            byte[] chunked = (byte[])original.Clone();
            int offset = 0;
            int position = 0;
            while (position < chunked.Length)
            {
                int size = Math.Min(random.Next(0, 70), chunked.Length - position);
                offset = PayloadMask.Apply(chunked.AsSpan(position, size), key, offset);
                position += size;
            }

            Assert.Equal(oneShot, chunked);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Masking_twice_restores_the_data(int offset)
    {
        byte[] original = new byte[1031];
        new Random(offset).NextBytes(original);
        byte[] data = (byte[])original.Clone();

        PayloadMask.Apply(data, 0xDEADBEEF, offset);
        Assert.NotEqual(original, data);
        PayloadMask.Apply(data, 0xDEADBEEF, offset);

        Assert.Equal(original, data);
    }

    [Fact]
    public void Rfc_example_hello_unmasks_with_its_key()
    {
        // RFC 6455 §5.7: a masked "Hello" with key 37 fa 21 3d.
        byte[] masked = [0x7F, 0x9F, 0x4D, 0x51, 0x58];
        uint key = BinaryPrimitives.ReadUInt32LittleEndian([0x37, 0xFA, 0x21, 0x3D]);

        PayloadMask.Apply(masked, key, 0);

        Assert.Equal("Hello"u8.ToArray(), masked);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void Offset_outside_zero_to_three_is_refused(int offset)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PayloadMask.Apply(new byte[8], 1, offset));
    }
}
