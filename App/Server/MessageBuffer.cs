using System.Buffers;

namespace EspWs.App.Server;

/// <summary>
/// Accumulates one message's payload, growing up to a fixed cap, with room reserved in front of the payload
/// for a frame header so the message can be echoed in one write without a copy.
/// </summary>
/// <remarks>
/// Small messages live in the slot's own array; a larger one rents from the shared pool and returns it on
/// <see cref="Reset"/>, so an idle slot holds only its small array and steady state allocates nothing.
/// </remarks>
public sealed class MessageBuffer : IDisposable
{
    /// <summary>Bytes reserved before the payload for the largest frame header.</summary>
    public const int HeaderRoom = 14;

    private readonly byte[] _own;
    private readonly int _maxPayload;
    private byte[] _array;

    /// <summary>Creates a buffer whose own array holds <paramref name="initialPayloadBytes"/> and that grows to at most <paramref name="maxPayloadBytes"/>.</summary>
    public MessageBuffer(int initialPayloadBytes, int maxPayloadBytes)
    {
        _maxPayload = maxPayloadBytes;
        _own = new byte[HeaderRoom + Math.Min(initialPayloadBytes, maxPayloadBytes)];
        _array = _own;
    }

    /// <summary>The payload bytes accumulated so far.</summary>
    public int Length { get; private set; }

    /// <summary>The accumulated payload.</summary>
    public Span<byte> Payload => _array.AsSpan(HeaderRoom, Length);

    /// <summary>The whole backing array; the payload starts at <see cref="HeaderRoom"/>.</summary>
    public byte[] Array => _array;

    /// <summary>True when <paramref name="additional"/> more bytes would still fit under the cap.</summary>
    public bool CanAppend(long additional) => additional <= _maxPayload - (long)Length;

    /// <summary>Returns writable space for at least one and at most <paramref name="count"/> bytes after the payload.</summary>
    public Memory<byte> GetAppendSpace(int count)
    {
        EnsureCapacity(Length + count);
        return _array.AsMemory(HeaderRoom + Length, count);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into the space from <see cref="GetAppendSpace"/> as payload.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>Forgets the payload and gives any rented array back to the pool.</summary>
    public void Reset()
    {
        Length = 0;
        if (!ReferenceEquals(_array, _own))
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = _own;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Reset();

    private void EnsureCapacity(int payloadBytes)
    {
        if (HeaderRoom + payloadBytes <= _array.Length)
        {
            return;
        }

        // Doubling keeps the copies of a message that arrives in many frames to O(n) in total.
        long wanted = Math.Max((long)payloadBytes, 2L * (_array.Length - HeaderRoom));
        int capped = (int)Math.Min(wanted, _maxPayload);
        byte[] bigger = ArrayPool<byte>.Shared.Rent(HeaderRoom + capped);
        _array.AsSpan(0, HeaderRoom + Length).CopyTo(bigger);
        if (!ReferenceEquals(_array, _own))
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = bigger;
    }
}
