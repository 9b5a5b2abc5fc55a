namespace EspWs.App.Server;

/// <summary>
/// The memory all connections together may hold in message buffers (<c>Server:MaxBufferedBytes</c>). A message
/// that does not fit now waits for memory to be given back; one that can never fit is refused.
/// </summary>
/// <remarks>
/// Waiting costs nothing per byte: the waiting connection simply is not read, and TCP pushes back on its sender.
/// Only a connection that waits allocates (the task it waits on), never the frame path.
/// </remarks>
public sealed class MessageMemoryBudget
{
    private readonly object _gate = new();
    private long _available;
    private TaskCompletionSource? _released;

    /// <summary>Creates a budget of <paramref name="capacity"/> bytes.</summary>
    public MessageMemoryBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _available = capacity;
    }

    /// <summary>The whole budget, in bytes.</summary>
    public long Capacity { get; }

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

    /// <summary>Takes <paramref name="bytes"/> from the budget; false, and nothing taken, when they are not free now.</summary>
    public bool TryReserve(long bytes)
    {
        lock (_gate)
        {
            if (bytes > _available)
            {
                return false;
            }

            _available -= bytes;
            return true;
        }
    }

    /// <summary>Gives <paramref name="bytes"/> back and wakes whoever waits for memory.</summary>
    public void Release(long bytes)
    {
        TaskCompletionSource? waiting;
        lock (_gate)
        {
            _available += bytes;
            waiting = _released;
            _released = null;
        }

        waiting?.TrySetResult();
    }

    /// <summary>Takes <paramref name="bytes"/> whether or not they are free: for growth already promised by a reservation's rounding.</summary>
    public void Take(long bytes)
    {
        lock (_gate)
        {
            _available -= bytes;
        }
    }

    /// <summary>Completes at once when <paramref name="bytes"/> are free now, else when memory is next given back; the caller then tries again.</summary>
    public Task WhenAvailableAsync(long bytes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (bytes <= _available)
            {
                return Task.CompletedTask;
            }

            _released ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _released.Task.WaitAsync(cancellationToken);
        }
    }
}
