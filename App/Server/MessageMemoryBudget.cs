using System.Buffers;
using System.Net;

namespace EspWs.App.Server;

/// <summary>
/// The memory all connections together may hold in large messages (<c>Server:MaxBufferedBytes</c>), of which one
/// client address may hold at most a quarter. A message that does not fit now waits for memory to be given back;
/// one that can never fit is refused.
/// </summary>
/// <remarks>
/// The budget hands out the arrays it charges for. An array of more than 64 KiB that a message gives back is kept as a
/// spare, still counted, for the next large message: a client cut for sending too slowly is followed by the next at
/// once, and a new array for each would leave the last one's for the garbage collector, so the process would hold
/// twice the budget. Spares are dropped to make room for an array of another size, and all of them once no message has
/// held budget for a watchdog tick (<see cref="TrimSpares"/>).
/// Waiting costs nothing per byte: the waiting connection simply is not read, and TCP pushes back on its sender.
/// Only a connection that waits allocates (the task it waits on), never the frame path. The share keeps one host,
/// however many connections it opens, from holding the whole budget: the others' large messages find room at once,
/// or as soon as a message that stopped arriving is cut by the data-rate rule.
/// </remarks>
public sealed class MessageMemoryBudget
{
    /// <summary>One address may hold at most the budget divided by this.</summary>
    public const int AddressShareDivisor = 4;

    /// <summary>Arrays up to this size come from the shared pool; larger ones from the budget's own spares, or new.</summary>
    public const int LargestPooledArray = 64 * 1024;

    private readonly object _gate = new();
    private readonly Dictionary<IPAddress, long> _heldByAddress = new();
    private readonly List<byte[]> _spares = new();
    private long _available;
    private long _spareBytes;
    private bool _rentedSinceTrim;
    private TaskCompletionSource? _released;

    /// <summary>Creates a budget of <paramref name="capacity"/> bytes.</summary>
    public MessageMemoryBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        AddressShare = capacity / AddressShareDivisor;
        _available = capacity;
    }

    /// <summary>The whole budget, in bytes.</summary>
    public long Capacity { get; }

    /// <summary>The most one client address may hold at once, and so the largest array a message can ever be given.</summary>
    public long AddressShare { get; }

    /// <summary>The bytes held by messages right now, spares not included.</summary>
    public long InUse
    {
        get
        {
            lock (_gate)
            {
                return Capacity - _available - _spareBytes;
            }
        }
    }

    /// <summary>The bytes kept in spare arrays for the next large message.</summary>
    public long SpareBytes
    {
        get
        {
            lock (_gate)
            {
                return _spareBytes;
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="address"/> an array of at least <paramref name="bytes"/>, charged its whole length, in place
    /// of an array of <paramref name="replacing"/> bytes it already holds and drops; null, and nothing taken, when the
    /// memory is not free for it now. A pooled array (up to 64 KiB) must be asked for in a power of two.
    /// </summary>
    public byte[]? TryRent(IPAddress address, long bytes, long replacing = 0)
    {
        lock (_gate)
        {
            long held = _heldByAddress.GetValueOrDefault(address) - replacing;
            int spare = bytes > LargestPooledArray ? FindSpare(bytes) : -1;
            long length = spare >= 0 ? _spares[spare].Length : bytes;
            if (!Fits(held, length - replacing))
            {
                return null;
            }

            byte[] array;
            if (spare >= 0)
            {
                array = _spares[spare];
                _spares.RemoveAt(spare);
                _spareBytes -= length;
                _available += length;
            }
            else
            {
                DropSparesUntil(length - replacing);
                array = length <= LargestPooledArray ? ArrayPool<byte>.Shared.Rent((int)length) : GC.AllocateUninitializedArray<byte>((int)length);
            }

            _available -= length - replacing;
            _heldByAddress[address] = held + length;
            _rentedSinceTrim = true;
            return array;
        }
    }

    /// <summary>Takes back an <paramref name="array"/> from <paramref name="address"/> and wakes whoever waits for memory.</summary>
    public void Return(IPAddress address, byte[] array)
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            long held = _heldByAddress.GetValueOrDefault(address) - array.Length;
            if (held > 0)
            {
                _heldByAddress[address] = held;
            }
            else
            {
                _heldByAddress.Remove(address);
            }

            if (array.Length > LargestPooledArray)
            {
                _spares.Add(array);
                _spareBytes += array.Length;
            }
            else
            {
                _available += array.Length;
                ArrayPool<byte>.Shared.Return(array);
            }

            waiting = _released;
            _released = null;
        }

        waiting?.TrySetResult();
    }

    /// <summary>
    /// Completes at once when <paramref name="bytes"/> are free for <paramref name="address"/> now, else when memory is
    /// next given back; the caller then tries again.
    /// </summary>
    public Task WhenAvailableAsync(IPAddress address, long bytes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Fits(_heldByAddress.GetValueOrDefault(address), bytes))
            {
                return Task.CompletedTask;
            }

            _released ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _released.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Drops every spare once no message has held budget since the last call, and says how many bytes it dropped; the
    /// watchdog calls it each tick.
    /// </summary>
    public long TrimSpares()
    {
        lock (_gate)
        {
            long dropped = 0;
            if (!_rentedSinceTrim && _available + _spareBytes == Capacity)
            {
                dropped = _spareBytes;
                DropSparesUntil(Capacity);
            }

            _rentedSinceTrim = false;
            return dropped;
        }
    }

    // Spares count as held, but are dropped for whoever needs the room.
    private bool Fits(long heldByAddress, long bytes) => bytes <= _available + _spareBytes && heldByAddress + bytes <= AddressShare;

    // The smallest spare that holds bytes and wastes at most a quarter of them.
    private int FindSpare(long bytes)
    {
        int best = -1;
        for (int i = 0; i < _spares.Count; i++)
        {
            long length = _spares[i].Length;
            if (length >= bytes && length <= bytes + bytes / 4 && (best < 0 || length < _spares[best].Length))
            {
                best = i;
            }
        }

        return best;
    }

    private void DropSparesUntil(long needed)
    {
        while (_available < needed && _spares.Count > 0)
        {
            byte[] dropped = _spares[^1];
            _spares.RemoveAt(_spares.Count - 1);
            _spareBytes -= dropped.Length;
            _available += dropped.Length;
        }
    }
}
