using System.Buffers;
using System.Net;
using System.Net.Sockets;
using EspWs.App.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The receive side of a connection: one long-lived loop that waits for data, lets the <see cref="FrameReader"/>
/// decode it, and answers: echoes and pongs gathered by the <see cref="SendPhase"/>, messages to the handler.
/// </summary>
/// <remarks>
/// An idle connection holds no buffer: it waits with a zero-byte receive, rents the receive buffer when data is
/// there, and gives it back once every received byte is consumed. The message buffer is held only while a message
/// is in flight; beyond the connection's small reserve it is charged to the server's <see cref="MessageMemoryBudget"/>
/// and must keep arriving at Server:MinMessageDataRate. Every await on the frame path is in this one async method or
/// completes synchronously, so a message in steady state allocates nothing.
/// </remarks>
// Not IDisposable: the connection's release calls Release, which returns the message buffer.
#pragma warning disable CA1001
internal sealed class ReceivePhase
#pragma warning restore CA1001
{
    private const int ReceiveBufferBytes = 4096;
    private const int InitialMessageBytes = 1024;
    private const int MaxReceivesWithoutYield = 32;
    private const int MaxBytesWithoutYield = 16 * 1024;

    private readonly Connection _connection;
    private readonly MessageBuffer _message;
    private readonly FrameReader _reader;
    private int _receivesWithoutYield;
    private int _bytesWithoutYield;

    /// <summary>Creates the receive side of <paramref name="connection"/>; it holds no buffer yet.</summary>
    public ReceivePhase(Connection connection)
    {
        _connection = connection;
        _message = new MessageBuffer(InitialMessageBytes, connection.Options.MaxMessageBytes, connection.Budget,
            (connection.RemoteEndPoint as IPEndPoint)?.Address);
        _reader = new FrameReader(_message);
    }

    /// <summary>Takes over the handshake's buffer, whose <paramref name="count"/> bytes from <paramref name="offset"/> are the first frames.</summary>
    public void Adopt(byte[] buffer, int offset, int count)
    {
        if (count == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }

        _reader.Attach(buffer, offset, count);
    }

    /// <summary>Serves frames until the connection must end, and says why.</summary>
    public async Task<LifecycleEvent> RunAsync()
    {
        Connection connection = _connection;
        SendPhase send = connection.Send;
        while (true)
        {
            FrameEvent next = _reader.Read();
            switch (next.Kind)
            {
                case FrameEventKind.NeedMoreData:
                    WatchMessageRate();

                    // What this receive brought is answered in one write before waiting for more.
                    if (!await send.FlushAsync())
                    {
                        return Gone();
                    }

                    int received;
                    try
                    {
                        if (!_reader.HoldsBytes && !_reader.ReceivesIntoMessage)
                        {
                            ReturnReceiveBuffer();
                            await connection.Transport.ReceiveAsync(Memory<byte>.Empty, connection.Wake.Token);
                        }

                        if (!_reader.ReceivesIntoMessage && !_reader.HasBuffer)
                        {
                            _reader.Attach(ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes), 0, 0);
                        }

                        received = await connection.Transport.ReceiveAsync(_reader.GetReceiveSpace(), connection.Wake.Token);
                    }
                    catch (OperationCanceledException) when (!connection.IsAborted)
                    {
                        if (await OnWokenAsync() is { } exit)
                        {
                            return exit;
                        }

                        continue;
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
                    {
                        return Gone();
                    }

                    if (received == 0)
                    {
                        return Gone("connection closed by peer");
                    }

                    connection.Deadlines.Received();
                    connection.Deadlines.MessageBytesReceived(received, connection.Options);
                    _reader.OnReceived(received);

                    // A client that keeps its socket full would keep this loop running synchronously and hold a
                    // thread-pool thread for ever; on a 2-core device that starves every other client. Bytes count
                    // too: 32 large messages in a row would make every other client wait for all of them.
                    _bytesWithoutYield += received;
                    if (++_receivesWithoutYield >= MaxReceivesWithoutYield || _bytesWithoutYield >= MaxBytesWithoutYield)
                    {
                        _receivesWithoutYield = 0;
                        _bytesWithoutYield = 0;
                        await Task.Yield();
                    }

                    break;
                case FrameEventKind.NeedMemory:
                    // Not reading is the back-pressure: TCP holds the sender until other connections free memory. A
                    // message that already holds some stays watched, so waiting never lets it keep budget for ever.
                    WatchMessageRate();
                    if (!await send.FlushAsync())
                    {
                        return Gone();
                    }

                    try
                    {
                        await _reader.WhenMemoryAsync(connection.Wake.Token);
                    }
                    catch (OperationCanceledException) when (!connection.IsAborted)
                    {
                        if (await OnWokenAsync() is { } exit)
                        {
                            return exit;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        return Gone();
                    }

                    break;
                case FrameEventKind.Message:
                    connection.Counters.OnMessageIn(_message.Length);
                    if (!await send.EchoAsync(_message, next.Opcode))
                    {
                        return Gone();
                    }

                    connection.Handler.OnMessage(connection, next.Opcode, _message.Payload);
                    _message.Reset();

                    // What the message caused for this client (its LED state) goes right behind its echo, in order.
                    if (send.QueuedCount > 0 && !await send.GatherQueuedAsync())
                    {
                        return Gone();
                    }

                    break;
                case FrameEventKind.Ping:
                    // RFC 6455 §5.5.2-3: answer with a pong carrying the same payload.
                    if (!await send.ControlAsync(Opcode.Pong, _reader.ControlPayload))
                    {
                        return Gone();
                    }

                    break;
                case FrameEventKind.Pong:
                    // An unsolicited pong is allowed and ignored; any pong proves the peer alive.
                    connection.Deadlines.PongReceived();
                    break;
                case FrameEventKind.Close:
                    return await send.FlushAsync() ? new LifecycleEvent(ConnectionTrigger.CloseReceived, next.Code) : Gone();
                default:
                    return await send.FlushAsync() ? new LifecycleEvent(ConnectionTrigger.ProtocolViolated, next.Code, next.Reason) : Gone();
            }
        }
    }

    /// <summary>Reads and discards frames until the peer's close (true), or the end of TCP or the close deadline (false).</summary>
    public async Task<bool> DrainUntilCloseAsync()
    {
        _reader.Discarding = true;
        _message.Reset();
        _connection.Deadlines.StopMessageRateWatch();
        while (true)
        {
            FrameEvent next = _reader.Read();
            if (next.Kind == FrameEventKind.Close)
            {
                return true;
            }

            if (next.Kind == FrameEventKind.Failed)
            {
                return false;
            }

            try
            {
                if (!_reader.HasBuffer)
                {
                    _reader.Attach(ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes), 0, 0);
                }

                int received = await _connection.Transport.ReceiveAsync(_reader.GetReceiveSpace(), _connection.AbortToken);
                if (received == 0)
                {
                    return false;
                }

                _reader.OnReceived(received);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>Gives back the receive and message buffers; only when the loop no longer runs.</summary>
    public void Release()
    {
        if (_reader.Detach(discardUnread: true) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _message.Reset();
    }

    // A message that holds shared budget must keep arriving (Server:MinMessageDataRate); one in the reserve need not.
    private void WatchMessageRate()
    {
        if (_message.HoldsBudget)
        {
            _connection.Deadlines.WatchMessageRate(_connection.Options);
        }
        else
        {
            _connection.Deadlines.StopMessageRateWatch();
        }
    }

    private void ReturnReceiveBuffer()
    {
        if (_reader.Detach() is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>What the loop reports when its client is gone (<paramref name="why"/>, or why it was cut); logged here.</summary>
    private LifecycleEvent Gone(string? why = null)
    {
        AbortReason reason = _connection.CurrentAbortReason;
        why ??= reason == AbortReason.None ? "connection reset" : reason.ToString();
        _connection.Log.LogInformation("Slot {Slot}: client {Remote} gone ({Reason}).", _connection.SlotId, _connection.RemoteEndPoint, why);
        return new LifecycleEvent(ConnectionTrigger.PeerGone);
    }

    /// <summary>Acts on a request posted to the loop: a ping goes out, a close ends the loop.</summary>
    private async ValueTask<LifecycleEvent?> OnWokenAsync()
    {
        switch (_connection.Wake.Take())
        {
            case WakeRequest.Close:
                return _connection.Close.Requested;
            case WakeRequest.Ping:
                _connection.Deadlines.PingSent();
                return await _connection.Send.ControlAsync(Opcode.Ping, ReadOnlyMemory<byte>.Empty) && await _connection.Send.FlushAsync()
                    ? null
                    : Gone();
            default:
                return null;
        }
    }
}
