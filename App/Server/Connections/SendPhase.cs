using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The send side of a connection: one writer at a time, the queue of server messages and its pump, and the batch
/// that gathers the frames going out together into one write.
/// </summary>
/// <remarks>
/// While the receive loop answers the frames of one receive (echoes, pongs) it holds the send lock and gathers them
/// in a <see cref="SendBatch"/>; before it receives again it adds whatever the queue holds and sends everything in one write.
/// So a burst of pipelined messages costs one system call, and a client sees its echo before any state its
/// message caused. Broadcasts only queue and signal: a <see cref="SendWorkers"/> thread sends the queue, never the
/// broadcaster's thread.
/// </remarks>
// Not IDisposable: the semaphore never creates a wait handle, and the pump may still await it when the connection goes.
#pragma warning disable CA1001
internal sealed class SendPhase
#pragma warning restore CA1001
{
    // A burst of broadcasts from one receive (50 commands in one read) may outrun the send worker for a moment; a
    // client is too slow only when its queue is full while a write to it is stuck in the kernel.
    private const int BurstFactor = 8;

    private readonly Connection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private OutboundQueue? _queue;
    private volatile bool _stopped;
    private int _scheduled;
    private readonly SendBatch _batch = new();
    private bool _closeSent;
    private bool _loopHolds;

    /// <summary>Creates the send side of <paramref name="connection"/>; nothing is allocated until it connects.</summary>
    public SendPhase(Connection connection) => _connection = connection;

    /// <summary>How many server messages wait for this client.</summary>
    public int QueuedCount => _queue?.Count ?? 0;

    /// <summary>Starts taking server messages.</summary>
    public void StartPump() => _queue = new OutboundQueue(_connection.Options.SendQueueLength * BurstFactor);

    /// <summary>Stops taking server messages; whatever is still queued is dropped.</summary>
    public void StopPump() => _stopped = true;

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

    /// <summary>Adds the echo of the message in <paramref name="message"/> to the batch, or sends it alone when it is large.</summary>
    /// <remarks>
    /// Not an async method, like the other calls of the frame path: in steady state the lock is free and the frame
    /// fits, so it completes synchronously without allocating (a Debug build's async methods allocate every call).
    /// </remarks>
    public ValueTask<bool> EchoAsync(MessageBuffer message, Opcode opcode)
    {
        int length = message.Length;
        int headerLength = FrameWriter.HeaderLength(length);
        if (!TryHoldNow())
        {
            return EchoSlowAsync(message, opcode);
        }

        if (_closeSent)
        {
            return False;
        }

        if (_batch.Fits(headerLength + length))
        {
            _batch.AddMessage(message, opcode);
            return True;
        }

        // A large echo behind gathered frames, rare, takes the slow path, which sends the batch first.
        if (headerLength + length <= SendBatch.Capacity || !_batch.IsEmpty)
        {
            return EchoSlowAsync(message, opcode);
        }

        // Too large to gather: the header goes into the room reserved in front of the payload, one write, no copy.
        int start = MessageBuffer.HeaderRoom - headerLength;
        FrameWriter.WriteHeader(message.Array.AsSpan(start), opcode, fin: true, length);
        ValueTask sending = StartSend(message.Array.AsMemory(start, headerLength + length));
        if (!sending.IsCompletedSuccessfully)
        {
            return FinishDirectAsync(sending, length);
        }

        sending.GetAwaiter().GetResult();
        _connection.Deadlines.SendEnded();
        _connection.Counters.OnMessagesOut(1, length);
        return True;
    }

    /// <summary>Adds a control frame (a pong, a ping) to the batch.</summary>
    public ValueTask<bool> ControlAsync(Opcode opcode, ReadOnlyMemory<byte> payload)
    {
        int frameLength = FrameWriter.HeaderLength(payload.Length) + payload.Length;
        if (!TryHoldNow() || !_batch.Fits(frameLength))
        {
            return ControlSlowAsync(opcode, payload);
        }

        if (_closeSent)
        {
            return False;
        }

        _batch.AddControl(opcode, payload.Span);
        return True;
    }

    /// <summary>Sends what the receive loop gathered, with whatever server messages are queued, in one write; then lets go.</summary>
    public ValueTask<bool> FlushAsync()
    {
        if (!_loopHolds)
        {
            return True;
        }

        if (!TryMoveQueuedIntoBatch())
        {
            return FlushSlowAsync();
        }

        if (_batch.IsEmpty)
        {
            LetGo();
            return True;
        }

        ValueTask sending = StartSend(_batch.Pending);
        if (!sending.IsCompletedSuccessfully)
        {
            return FinishFlushAsync(sending);
        }

        sending.GetAwaiter().GetResult();
        _connection.Deadlines.SendEnded();
        _batch.Sent(_connection.Counters);
        LetGo();
        return True;
    }

    /// <summary>Moves the queued server messages into the batch behind what is gathered, sending first when they do not fit.</summary>
    public ValueTask<bool> GatherQueuedAsync() => !_loopHolds || TryMoveQueuedIntoBatch() ? True : FlushAsync();

    /// <summary>Drops what the receive loop gathered and lets go: the connection is over.</summary>
    public void Abandon()
    {
        if (_loopHolds)
        {
            _batch.Clear();
            _loopHolds = false;
            _lock.Release();
        }
    }

    /// <summary>Sends the close frame <paramref name="frame"/>, after which nothing more is sent (RFC 6455 §5.5.1).</summary>
    public async Task<bool> SendCloseAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await _lock.WaitAsync(_connection.AbortToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (_closeSent)
            {
                return false;
            }

            _closeSent = true;
            return await SendAsync(frame);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Gives the batch back unless someone still sends, who then gives it back; the connection is over.</summary>
    public void Release()
    {
        _stopped = true;
        if (_lock.Wait(0))
        {
            _batch.Clear();
            _lock.Release();
        }
    }

    /// <summary>Sends what is queued; called by a <see cref="SendWorkers"/> thread, which it never keeps waiting.</summary>
    public void RunFromWorker()
    {
        ValueTask<bool> draining = DrainAsync();
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

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            _connection.Workers.Post(_connection);
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DrainAsync()
    {
        if (_stopped)
        {
            return false;
        }

        if (!_lock.Wait(0))
        {
            try
            {
                await _lock.WaitAsync(_connection.AbortToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        try
        {
            return !_closeSent && await SendQueuedAsync() && (_batch.IsEmpty || await SendBatchAsync());
        }
        finally
        {
            _lock.Release();
        }
    }

    private static ValueTask<bool> True => new(true);

    private static ValueTask<bool> False => new(false);

    private bool TryHoldNow()
    {
        if (!_loopHolds && _lock.Wait(0))
        {
            _loopHolds = true;
        }

        return _loopHolds;
    }

    private void LetGo()
    {
        _loopHolds = false;
        _lock.Release();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> HoldAsync()
    {
        if (!_loopHolds)
        {
            try
            {
                await _lock.WaitAsync(_connection.AbortToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            _loopHolds = true;
        }

        return !_closeSent;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> EchoSlowAsync(MessageBuffer message, Opcode opcode)
    {
        int length = message.Length;
        int headerLength = FrameWriter.HeaderLength(length);
        if (!await HoldAsync() || !await MakeRoomAsync(headerLength + length))
        {
            return false;
        }

        if (headerLength + length <= SendBatch.Capacity)
        {
            _batch.AddMessage(message, opcode);
            return true;
        }

        // Too large to gather: the header goes into the room reserved in front of the payload, one write, no copy.
        int start = MessageBuffer.HeaderRoom - headerLength;
        FrameWriter.WriteHeader(message.Array.AsSpan(start), opcode, fin: true, length);
        if (!await SendAsync(message.Array.AsMemory(start, headerLength + length)))
        {
            return false;
        }

        _connection.Counters.OnMessagesOut(1, length);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ControlSlowAsync(Opcode opcode, ReadOnlyMemory<byte> payload)
    {
        if (!await HoldAsync() || !await MakeRoomAsync(FrameWriter.HeaderLength(payload.Length) + payload.Length))
        {
            return false;
        }

        _batch.AddControl(opcode, payload.Span);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FlushSlowAsync()
    {
        try
        {
            return await SendQueuedAsync() && (_batch.IsEmpty || await SendBatchAsync());
        }
        finally
        {
            LetGo();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FinishFlushAsync(ValueTask sending)
    {
        try
        {
            await sending;
            _batch.Sent(_connection.Counters);
            return true;
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            _connection.Abort(AbortReason.SendFailed);
            _batch.Clear();
            return false;
        }
        finally
        {
            _connection.Deadlines.SendEnded();
            LetGo();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FinishDirectAsync(ValueTask sending, int length)
    {
        try
        {
            await sending;
            _connection.Counters.OnMessagesOut(1, length);
            return true;
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            _connection.Abort(AbortReason.SendFailed);
            return false;
        }
        finally
        {
            _connection.Deadlines.SendEnded();
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

    private ValueTask StartSend(ReadOnlyMemory<byte> bytes)
    {
        _connection.Deadlines.SendStarted();
        try
        {
            return _connection.Transport.SendAsync(bytes, _connection.AbortToken);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            return ValueTask.FromException(ex);
        }
    }

    private static bool IsConnectionError(Exception ex) =>
        ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException;

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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> MakeRoomAsync(int frameLength) =>
        _batch.Fits(frameLength) || _batch.IsEmpty || await SendBatchAsync();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendBatchAsync()
    {
        bool sent = await SendAsync(_batch.Pending);
        if (sent)
        {
            _batch.Sent(_connection.Counters);
        }
        else
        {
            _batch.Clear();
        }

        return sent;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes)
    {
        ConnectionDeadlines deadlines = _connection.Deadlines;
        deadlines.SendStarted();
        try
        {
            await _connection.Transport.SendAsync(bytes, _connection.AbortToken);
            return true;
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            _connection.Abort(AbortReason.SendFailed);
            return false;
        }
        finally
        {
            deadlines.SendEnded();
        }
    }
}
