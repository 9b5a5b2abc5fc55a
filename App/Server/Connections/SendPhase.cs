using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The send side of a connection: one writer at a time, the queue of server messages, and the batch that gathers
/// the frames going out together into one write.
/// </summary>
/// <remarks>
/// While the receive loop answers the frames of one receive (echoes, pongs) it holds the send lock and gathers them
/// in a <see cref="SendBatch"/>; before it receives again it adds whatever the queue holds and sends everything in one write.
/// So a burst of pipelined messages costs one system call, and a client sees its echo before any state its
/// message caused. Broadcasts only queue: a thread-pool work item sends the queue, never the broadcaster's thread.
/// </remarks>
// Not IDisposable: the semaphore never creates a wait handle, and a queued send may still await it when the connection goes.
#pragma warning disable CA1001
internal sealed partial class SendPhase
#pragma warning restore CA1001
{
    private readonly Connection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly SendBatch _batch = new();
    private bool _closeSent;
    private bool _loopHolds;

    /// <summary>Creates the send side of <paramref name="connection"/>; nothing is allocated until it connects.</summary>
    public SendPhase(Connection connection) => _connection = connection;

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
