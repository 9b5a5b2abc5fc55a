using System.Buffers;
using System.Numerics;

namespace EspWs.App.Server;

/// <summary>
/// Accumulates one message's payload, growing up to a fixed cap, with room reserved in front of the payload
/// for a frame header so the message can be echoed in one write without a copy.
/// </summary>
/// <remarks>
/// It holds memory only while a message is in flight: the array is rented from the shared pool when the first
/// frame of a message starts and given back on <see cref="Reset"/>. With a <see cref="MessageMemoryBudget"/>, every
/// array it holds is charged to the budget, and a frame reserves its whole payload before a byte of it is read.
/// </remarks>
public sealed class MessageBuffer : IDisposable
{
    /// <summary>Bytes reserved before the payload for the largest frame header.</summary>
    public const int HeaderRoom = 14;

    private readonly int _minimumArray;
    private readonly int _maxPayload;
    private readonly MessageMemoryBudget? _budget;
    private byte[]? _array;

    /// <summary>
    /// Creates an empty buffer whose first array holds at least <paramref name="initialPayloadBytes"/>, that grows to
    /// at most <paramref name="maxPayloadBytes"/>, and that charges its arrays to <paramref name="budget"/> when given.
    /// </summary>
    public MessageBuffer(int initialPayloadBytes, int maxPayloadBytes, MessageMemoryBudget? budget = null)
    {
        _maxPayload = maxPayloadBytes;
        _minimumArray = HeaderRoom + Math.Min(initialPayloadBytes, maxPayloadBytes);
        _budget = budget;
    }

    /// <summary>The payload bytes accumulated so far.</summary>
    public int Length { get; private set; }

    /// <summary>True while the buffer holds an array (a message is in flight).</summary>
    public bool IsHeld => _array is not null;

    /// <summary>The accumulated payload.</summary>
    public Span<byte> Payload => _array is null ? Span<byte>.Empty : _array.AsSpan(HeaderRoom, Length);

    /// <summary>The whole backing array, rented now if none is held; the payload starts at <see cref="HeaderRoom"/>.</summary>
    public byte[] Array
    {
        get
        {
            EnsureCapacity(Length);
            return _array!;
        }
    }

    /// <summary>True when <paramref name="additional"/> more bytes would still fit under the cap.</summary>
    public bool CanAppend(long additional) => additional <= _maxPayload - (long)Length;

    /// <summary>
    /// Makes room for <paramref name="additional"/> more payload bytes now, charged to the budget: true when there is
    /// room, false when the budget has not got it free now, and null when the budget could never hold it.
    /// </summary>
    public bool? TryReserve(long additional)
    {
        long payload = Length + additional;
        if (_array is not null && HeaderRoom + payload <= _array.Length)
        {
            return true;
        }

        if (_budget is null)
        {
            EnsureCapacity((int)payload);
            return true;
        }

        long arrayBytes = ArrayBytesFor(Math.Max(HeaderRoom + payload, _minimumArray));
        if (arrayBytes > _budget.Capacity)
        {
            return null;
        }

        long net = arrayBytes - (_array?.Length ?? 0);
        if (!_budget.TryReserve(net))
        {
            return false;
        }

        Replace(arrayBytes, charged: net);
        return true;
    }

    /// <summary>The bytes <see cref="TryReserve"/> would need free in the budget to make room for <paramref name="additional"/> more.</summary>
    public long BytesToReserve(long additional) =>
        ArrayBytesFor(Math.Max(HeaderRoom + Length + additional, _minimumArray)) - (_array?.Length ?? 0);

    /// <summary>Returns writable space for at least one and at most <paramref name="count"/> bytes after the payload.</summary>
    public Memory<byte> GetAppendSpace(int count)
    {
        EnsureCapacity(Length + count);
        return _array.AsMemory(HeaderRoom + Length, count);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into the space from <see cref="GetAppendSpace"/> as payload.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>Forgets the payload and gives the array back to the pool and the budget.</summary>
    public void Reset()
    {
        Length = 0;
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _budget?.Release(_array.Length);
            _array = null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Reset();

    // The shared pool hands out arrays in powers of two, so that is what a message of this size really holds.
    private static long ArrayBytesFor(long bytes) => bytes <= 16 ? 16 : (long)BitOperations.RoundUpToPowerOf2((ulong)bytes);

    private void EnsureCapacity(int payloadBytes)
    {
        if (_array is not null && HeaderRoom + payloadBytes <= _array.Length)
        {
            return;
        }

        // Doubling keeps the copies of a message that arrives in many frames to O(n) in total.
        long current = _array is null ? 0 : _array.Length - HeaderRoom;
        long wanted = Math.Max((long)payloadBytes, 2L * current);
        long capped = Math.Max(Math.Min(wanted, _maxPayload), payloadBytes);
        Replace(HeaderRoom + capped, charged: 0);
    }

    private void Replace(long arrayBytes, long charged)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Max(arrayBytes, _minimumArray));
        long old = _array?.Length ?? 0;
        if (_budget is not null)
        {
            // The budget must now hold the new array instead of the old one; settle what the reservation did not cover.
            long owed = bigger.Length - old - charged;
            if (owed > 0)
            {
                _budget.Take(owed);
            }
            else if (owed < 0)
            {
                _budget.Release(-owed);
            }
        }

        if (_array is not null)
        {
            _array.AsSpan(0, HeaderRoom + Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = bigger;
    }
}
