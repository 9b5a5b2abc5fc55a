using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EspWs.App.Server.Protocol;

/// <summary>Masks and unmasks WebSocket payloads in place (RFC 6455 §5.3), vectorised and allocation-free.</summary>
public static class PayloadMask
{
    /// <summary>
    /// XORs <paramref name="data"/> in place with the mask, starting at mask byte <paramref name="maskOffset"/> (0-3),
    /// and returns the mask offset the next chunk of the same payload starts at.
    /// </summary>
    /// <remarks>
    /// <paramref name="maskKey"/> is the key as <see cref="FrameHeaderParser"/> reads it (little-endian), so wire byte
    /// <c>i</c> of the payload is XORed with byte <c>(maskOffset + i) % 4</c> of the key. Masking twice restores the data.
    /// </remarks>
    public static int Apply(Span<byte> data, uint maskKey, int maskOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maskOffset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maskOffset, 3);

        // RFC 6455 §5.3: transformed-octet-i = original-octet-i XOR masking-key-octet-(i MOD 4).
        // Rotating the key once lets every vector and word start at mask byte 0.
        uint rotated = BitOperations.RotateRight(maskKey, maskOffset * 8);
        if (!BitConverter.IsLittleEndian)
        {
            rotated = BinaryPrimitives.ReverseEndianness(rotated);
        }

        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint i = 0;

        if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<byte>.Count)
        {
            Vector256<byte> key = Vector256.Create(rotated).AsByte();
            nuint last = length - (nuint)Vector256<byte>.Count;
            for (; i <= last; i += (nuint)Vector256<byte>.Count)
            {
                (Vector256.LoadUnsafe(ref start, i) ^ key).StoreUnsafe(ref start, i);
            }
        }

        if (Vector128.IsHardwareAccelerated && length - i >= (nuint)Vector128<byte>.Count)
        {
            Vector128<byte> key = Vector128.Create(rotated).AsByte();
            nuint last = length - (nuint)Vector128<byte>.Count;
            for (; i <= last; i += (nuint)Vector128<byte>.Count)
            {
                (Vector128.LoadUnsafe(ref start, i) ^ key).StoreUnsafe(ref start, i);
            }
        }

        for (; i + 4 <= length; i += 4)
        {
            ref byte word = ref Unsafe.Add(ref start, i);
            Unsafe.WriteUnaligned(ref word, Unsafe.ReadUnaligned<uint>(ref word) ^ rotated);
        }

        // Whole vectors and words keep the offset at mask byte 0, so the tail starts there too.
        uint tailKey = BitOperations.RotateRight(maskKey, maskOffset * 8);
        for (int shift = 0; i < length; i++, shift += 8)
        {
            Unsafe.Add(ref start, i) ^= (byte)(tailKey >> shift);
        }

        return (maskOffset + data.Length) & 3;
    }
}
