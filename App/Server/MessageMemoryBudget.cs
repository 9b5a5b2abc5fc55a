using System.Net;

namespace EspWs.App.Server;

/// <summary>
/// The memory all connections together may hold in large messages (<c>Server:MaxBufferedBytes</c>), of which one
/// client address may hold at most a quarter. A message that does not fit now waits for memory to be given back;
/// one that can never fit is refused.
/// </summary>
/// <remarks>
/// Waiting costs nothing per byte: the waiting connection simply is not read, and TCP pushes back on its sender.
/// Only a connection that waits allocates (the task it waits on), never the frame path. The share keeps one host,
/// however many connections it opens, from holding the whole budget: the others' large messages find room at once,
/// or as soon as a message that stopped arriving is cut by the data-rate rule.
/// </remarks>
public sealed class MessageMemoryBudget
{
    /// <summary>One address may hold at most the budget divided by this.</summary>
    public const int AddressShareDivisor = 4;

    private readonly object _gate = new();
    private readonly Dictionary<IPAddress, long> _heldByAddress = new();
    private long _available;
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

    /// <summary>The bytes held by message buffers right now.</summary>
    public long InUse
    {
        get
        {
            lock (_gate)
            {
                return Capacity - _available;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/> for <paramref name="address"/>; false, and nothing taken, when they are not free for it now.</summary>
    public bool TryReserve(IPAddress address, long bytes)
    {
        lock (_gate)
        {
            long held = _heldByAddress.GetValueOrDefault(address);
            if (!Fits(held, bytes))
            {
                return false;
            }

            _available -= bytes;
            _heldByAddress[address] = held + bytes;
            return true;
        }
    }

    /// <summary>Gives <paramref name="bytes"/> held for <paramref name="address"/> back and wakes whoever waits for memory.</summary>
    public void Release(IPAddress address, long bytes)
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            _available += bytes;
            long held = _heldByAddress.GetValueOrDefault(address) - bytes;
            if (held > 0)
            {
                _heldByAddress[address] = held;
            }
            else
            {
                _heldByAddress.Remove(address);
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

    private bool Fits(long heldByAddress, long bytes) => bytes <= _available && heldByAddress + bytes <= AddressShare;
}
