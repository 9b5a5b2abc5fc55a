using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

// The queue side of the send phase, apart from the frame path: broadcasts queue here without waiting, and a
// thread-pool work item, scheduled when the queue goes non-empty, drains it; so no broadcaster ever writes to a
// socket, one broadcast reaches N clients from every pool thread at once, and an idle server holds no thread.
internal sealed partial class SendPhase : IThreadPoolWorkItem
{
    // A burst of broadcasts from one receive (50 commands in one read) may outrun the queued send for a moment; a
    // client is too slow only when its queue is full while a write to it is stuck in the kernel.
    private const int BurstFactor = 8;

    private OutboundQueue? _queue;
    private volatile bool _stopped;
    private int _scheduled;

    /// <summary>How many server messages wait for this client.</summary>
    public int QueuedCount => _queue?.Count ?? 0;

    /// <summary>Starts taking server messages.</summary>
    public void OpenQueue() => _queue = new OutboundQueue(_connection.Options.SendQueueLength * BurstFactor);

    /// <summary>Stops taking server messages, drops whatever is still queued and what the receive loop gathered; on the loop's thread.</summary>
    public void DropQueue()
    {
        _stopped = true;
        Abandon();
    }

    /// <summary>Queues <paramref name="frame"/> without waiting; <paramref name="full"/> tells a full queue from a stopped one.</summary>
    public bool TryQueue(ReadOnlyMemory<byte> frame, out bool full)
    {
        full = false;
        OutboundQueue? queue = _queue;
        if (queue is null || _stopped)
        {
            return false;
        }

        int limit = _connection.Deadlines.SendInProgress ? _connection.Options.SendQueueLength : int.MaxValue;
        if (queue.TryEnqueue(frame, limit))
        {
            Schedule();
            return true;
        }

        full = !_stopped;
        return false;
    }

    /// <summary>Sends what is queued, on a thread-pool thread that it never keeps waiting: a write the kernel cannot take at once finishes asynchronously.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            ValueTask<bool> draining = DrainNow();
            if (draining.IsCompleted)
            {
                try
                {
                    draining.GetAwaiter().GetResult();
                }
                finally
                {
                    Unschedule();
                }
            }
            else
            {
                _ = FinishDrainAsync(draining);
            }
        }
        catch (Exception ex)
        {
            _connection.Log.LogError(ex, "Slot {Slot}: sending its queued messages failed.", _connection.SlotId);
        }
    }

    private void Schedule()
    {
        // One work item a connection at a time, so its messages keep their order.
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Unschedule()
    {
        Volatile.Write(ref _scheduled, 0);

        // A frame queued while this drain was past its last look would otherwise wait for the next one.
        if (!_stopped && _queue?.Count > 0)
        {
            Schedule();
        }
    }

    private async Task FinishDrainAsync(ValueTask<bool> draining)
    {
        try
        {
            await draining;
        }
        finally
        {
            Unschedule();
        }
    }

    // Not an async method, like the frame path's calls: in steady state the lock is free, the queued frames fit in one
    // batch and the kernel takes it at once, so a drain completes synchronously without allocating.
    private ValueTask<bool> DrainNow()
    {
        if (_stopped || !_lock.Wait(0))
        {
            return DrainAsync();
        }

        if (_closeSent || !TryMoveQueuedIntoBatch())
        {
            return DrainHeldAsync();
        }

        if (_batch.IsEmpty)
        {
            _lock.Release();
            return True;
        }

        // The loop does not hold the lock now, so FinishFlushAsync's LetGo only releases it.
        ValueTask sending = StartSend(_batch.Pending);
        if (!sending.IsCompletedSuccessfully)
        {
            return FinishFlushAsync(sending);
        }

        sending.GetAwaiter().GetResult();
        _connection.Deadlines.SendEnded();
        _batch.Sent(_connection.Counters);
        _lock.Release();
        return True;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DrainAsync()
    {
        if (_stopped)
        {
            return false;
        }

        try
        {
            await _lock.WaitAsync(_connection.AbortToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return await DrainHeldAsync();
    }

    /// <summary>Sends the queue with the lock held, then releases it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DrainHeldAsync()
    {
        try
        {
            return !_closeSent && await SendQueuedAsync() && (_batch.IsEmpty || await SendBatchAsync());
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Moves queued frames into the batch while they fit; false when one is left that does not.</summary>
    private bool TryMoveQueuedIntoBatch()
    {
        OutboundQueue? queue = _queue;
        if (queue is null || _stopped)
        {
            return true;
        }

        while (queue.TryPeek(out ReadOnlyMemory<byte> frame))
        {
            if (!_batch.Fits(frame.Length))
            {
                return false;
            }

            _batch.AddFrame(frame.Span);
            queue.Dequeue();
        }

        return true;
    }

    /// <summary>Moves queued frames into the batch, sending whenever it fills; called with the lock held.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendQueuedAsync()
    {
        OutboundQueue? queue = _queue;
        if (queue is null || _stopped)
        {
            return true;
        }

        while (queue.TryPeek(out ReadOnlyMemory<byte> frame))
        {
            if (_batch.Fits(frame.Length))
            {
                _batch.AddFrame(frame.Span);
                queue.Dequeue();
            }
            else if (!_batch.IsEmpty)
            {
                if (!await SendBatchAsync())
                {
                    return false;
                }
            }
            else
            {
                queue.Dequeue();
                if (!await SendAsync(frame))
                {
                    return false;
                }

                _connection.Counters.OnMessagesOut(1, SendBatch.PayloadLength(frame.Span));
            }
        }

        return true;
    }
}
