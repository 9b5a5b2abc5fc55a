using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace EspWs.Bench.Reference;

/// <summary>
/// One WebSocket client: an echo loop over a pooled buffer, and a bounded queue of state messages drained by its own
/// sender; the two share one send lock, since a WebSocket allows one send at a time.
/// </summary>
public sealed class ClientSession : IAsyncDisposable
{
    private const int InitialBufferBytes = 4096;
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private const int QueueLength = 64;

    private readonly WebSocket _socket;
    private readonly LedHub _hub;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(QueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Serves <paramref name="socket"/> as a member of <paramref name="hub"/>.</summary>
    public ClientSession(WebSocket socket, LedHub hub)
    {
        _socket = socket;
        _hub = hub;
    }

    /// <summary>Queues a state message without waiting; a client whose queue is full does not read and is dropped.</summary>
    public void TryQueue(byte[] message)
    {
        if (!_queue.Writer.TryWrite(message))
        {
            _stop.Cancel();
        }
    }

    /// <summary>Echoes messages until the client closes or fails.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stop.Token);
        _hub.Join(this);
        Task sender = SendQueuedAsync(linked.Token);
        try
        {
            await EchoAsync(linked.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away or was dropped.
        }
        finally
        {
            _hub.Leave(this);
            _queue.Writer.TryComplete();
            await _stop.CancelAsync();
            await sender;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _sendLock.Dispose();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task EchoAsync(CancellationToken token)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxMessageBytes)
                    {
                        await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", token);
                        return;
                    }

                    byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxMessageBytes));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(buffer.AsMemory(length), token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, token);
                    return;
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                await SendAsync(buffer.AsMemory(0, length), result.MessageType, token);
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    _hub.OnText(buffer.AsSpan(0, length), this);
                }

                length = 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task SendQueuedAsync(CancellationToken token)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token))
            {
                while (_queue.Reader.TryRead(out byte[]? message))
                {
                    await SendAsync(message, WebSocketMessageType.Text, token);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The session is ending; queued messages go with it.
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken token)
    {
        await _sendLock.WaitAsync(token);
        try
        {
            await _socket.SendAsync(message, type, endOfMessage: true, token);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
