using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Numerics;

namespace EspWs.App.Server;

/// <summary>
/// Accumulates one message's payload, growing up to a fixed cap, with room reserved in front of the payload
/// for a frame header so the message can be echoed in one write without a copy.
/// </summary>
/// <remarks>
/// It holds memory only while a message is in flight, and gives it back on <see cref="Reset"/>. A small message (up
/// to <see cref="ReservedPayloadBytes"/>) lives in the connection's own reserve and is read whatever the shared
/// <see cref="MessageMemoryBudget"/> holds; a larger one reserves its whole frame from the budget, charged to the
/// client's address, before a byte of it is read. The budget hands out the array and charges exactly what it holds:
/// arrays up to 64 KiB come from the shared pool (in powers of two), larger ones are a spare of the budget's (at most a
/// quarter larger than needed) or new, of the size the message needs.
/// </remarks>
public sealed class MessageBuffer : IDisposable
{
    /// <summary>Bytes reserved before the payload for the largest frame header.</summary>
    public const int HeaderRoom = 14;

    /// <summary>The largest message payload held outside the shared budget (an LED command, a page's JSON).</summary>
    public const int ReservedPayloadBytes = 4096;

    // Above this the pool's rounding to a power of two would hold up to twice what the message needs.
    private const int LargestPooledArray = MessageMemoryBudget.LargestPooledArray;

    private readonly long _minimumArray;
    private readonly int _maxPayload;
    private readonly MessageMemoryBudget? _budget;
    private readonly IPAddress _owner;
    private byte[]? _array;
    private bool _charged;

    /// <summary>
    /// Creates an empty buffer whose first array holds at least <paramref name="initialPayloadBytes"/>, that grows to
    /// at most <paramref name="maxPayloadBytes"/>, and that charges arrays beyond its reserve to <paramref name="budget"/>
    /// as held by <paramref name="owner"/>, the client's address, when given.
    /// </summary>
    public MessageBuffer(int initialPayloadBytes, int maxPayloadBytes, MessageMemoryBudget? budget = null, IPAddress? owner = null)
    {
        _maxPayload = maxPayloadBytes;
        _minimumArray = ArrayBytesFor(Math.Min(initialPayloadBytes, maxPayloadBytes));
        _budget = budget;
        _owner = owner ?? IPAddress.None;
    }

    /// <summary>The payload bytes accumulated so far.</summary>
    public int Length { get; private set; }

    /// <summary>True while the message holds memory from the shared budget, and so must keep arriving.</summary>
    public bool HoldsBudget => _charged;

    // What the budget charges this message: its whole array, when the array came from the budget.
    private long Charge => _charged ? _array!.Length : 0;

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

    /// <summary>The bytes a buffer holds for a message of <paramref name="payloadBytes"/>: what the budget is charged for it.</summary>
    public static long ArrayBytesFor(long payloadBytes)
    {
        long bytes = HeaderRoom + payloadBytes;
        long pooled = bytes <= 16 ? 16 : (long)BitOperations.RoundUpToPowerOf2((ulong)bytes);
        return pooled <= LargestPooledArray ? pooled : bytes;
    }

    /// <summary>True when <paramref name="additional"/> more bytes would still fit under the cap.</summary>
    public bool CanAppend(long additional) => additional <= _maxPayload - (long)Length;

    /// <summary>
    /// Makes room for <paramref name="additional"/> more payload bytes now: true when there is room, false when the
    /// budget has not got it free for this address now, and null when the budget could never hold it.
    /// </summary>
    public bool? TryReserve(long additional)
    {
        long payload = Length + additional;
        if (_array is not null && HeaderRoom + payload <= _array.Length)
        {
            return true;
        }

        if (_budget is null || payload <= ReservedPayloadBytes)
        {
            EnsureCapacity((int)payload);
            return true;
        }

        long needed = ArrayBytesFor(payload);
        if (needed > _budget.AddressShare)
        {
            return null;
        }

        // Doubling keeps the copies of a message that arrives in many frames to O(n) in total; when the budget has
        // not got the double free, the message takes what it needs.
        long doubled = ArrayBytesFor(Math.Min(Math.Max(payload, 2L * Length), _maxPayload));
        byte[]? bigger = doubled > needed && doubled <= _budget.AddressShare ? _budget.TryRent(_owner, doubled, Charge) : null;
        bigger ??= _budget.TryRent(_owner, needed, Charge);
        if (bigger is null)
        {
            return false;
        }

        // The budget took back the charge of the array this one replaces; a large one goes to the collector, not to the
        // spares, because the budget counted it free the moment the new one was handed out.
        Adopt(bigger, charged: true);
        return true;
    }

    /// <summary>Completes when the budget may have room for <paramref name="additional"/> more bytes; then try <see cref="TryReserve"/> again.</summary>
    public Task WhenReservableAsync(long additional, CancellationToken cancellationToken) =>
        _budget is null
            ? Task.CompletedTask
            : _budget.WhenAvailableAsync(_owner, ArrayBytesFor(Length + additional) - Charge, cancellationToken);

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
        if (_array is null)
        {
            return;
        }

        if (_charged)
        {
            _budget!.Return(_owner, _array);
            _charged = false;
        }
        else if (_array.Length <= LargestPooledArray)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = null;
    }

    /// <inheritdoc/>
    public void Dispose() => Reset();

    // Grows outside the budget: a message within the reserve, or a buffer with no budget at all.
    private void EnsureCapacity(int payloadBytes)
    {
        if (_array is not null && HeaderRoom + payloadBytes <= _array.Length)
        {
            return;
        }

        Debug.Assert(!_charged, "a message charged to the budget grows only through TryReserve");
        long current = _array is null ? 0 : _array.Length - HeaderRoom;
        long wanted = _budget is null ? Math.Max((long)payloadBytes, 2L * current) : payloadBytes;
        long capped = Math.Max(Math.Min(wanted, _maxPayload), payloadBytes);
        long arrayBytes = Math.Max(ArrayBytesFor(capped), _minimumArray);
        Adopt(arrayBytes <= LargestPooledArray ? ArrayPool<byte>.Shared.Rent((int)arrayBytes) : GC.AllocateUninitializedArray<byte>((int)arrayBytes),
            charged: false);
    }

    private void Adopt(byte[] bigger, bool charged)
    {
        if (_array is not null)
        {
            _array.AsSpan(0, HeaderRoom + Length).CopyTo(bigger);
            if (_array.Length <= LargestPooledArray)
            {
                ArrayPool<byte>.Shared.Return(_array);
            }
        }

        _array = bigger;
        _charged = charged;
    }
}
