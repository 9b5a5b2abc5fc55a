using System.Net.Sockets;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Server;

/// <summary>The receive side: one long-lived loop that receives, lets the <see cref="FrameReader"/> decode, and reacts.</summary>
/// <remarks>
/// Every await on the frame path is inside this one async method (or completes synchronously), so its state
/// machine is allocated once per connection and a message in steady state allocates nothing.
/// </remarks>
internal sealed partial class ConnectionSlot
{
    private const int MinReceiveBuffer = 256;
    private const int InitialMessageBytes = 4096;
    private const int MaxReceivesWithoutYield = 32;

    private readonly byte[] _receive;
    private readonly MessageBuffer _message;
    private readonly FrameReader _reader;
    private int _receivesWithoutYield;

    private async Task<ConnectionExit> ReceiveLoopAsync()
    {
        while (true)
        {
            FrameEvent next = _reader.Read();
            switch (next.Kind)
            {
                case FrameEventKind.NeedMoreData:
                    int received;
                    try
                    {
                        received = await _socket!.ReceiveAsync(_reader.GetReceiveSpace(), SocketFlags.None, _receiveWake.Token);
                    }
                    catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
                    {
                        int request = TakeWakeRequest();
                        if (request == WakeClose)
                        {
                            return ConnectionExit.CloseRequested(_requestedCloseCode, _requestedCloseReason);
                        }

                        if (request == WakePing && !await SendPingAsync())
                        {
                            return AbortedExit();
                        }

                        continue;
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                        return AbortedExit();
                    }

                    if (received == 0)
                    {
                        return ConnectionExit.Gone("connection closed by peer");
                    }

                    Volatile.Write(ref _lastReceiveAt, _time.GetTimestamp());
                    _reader.OnReceived(received);

                    // A client that keeps its socket full would keep this loop running synchronously and hold a
                    // thread-pool thread for ever; on a 2-core device that starves every other client.
                    if (++_receivesWithoutYield >= MaxReceivesWithoutYield)
                    {
                        _receivesWithoutYield = 0;
                        await Task.Yield();
                    }

                    break;
                case FrameEventKind.Message:
                    // The echo's awaits stay in this method (not in a helper) so a write that must wait for the
                    // kernel still allocates nothing: only this loop's state machine, made once, is suspended.
                    ReadOnlyMemory<byte> echo = EchoFrame(next.Opcode);
                    try
                    {
                        await _sendLock.WaitAsync(_abort.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return AbortedExit();
                    }

                    if (!TryBeginSend(isClose: false))
                    {
                        return AbortedExit();
                    }

                    bool echoed = true;
                    try
                    {
                        while (!echo.IsEmpty)
                        {
                            echo = echo[await _socket!.SendAsync(echo, SocketFlags.None, _abort.Token)..];
                        }
                    }
                    catch (Exception ex) when (IsConnectionError(ex))
                    {
                        echoed = false;
                    }

                    if (!EndSend(echoed))
                    {
                        return AbortedExit();
                    }

                    _handler.OnMessage(this, next.Opcode, _message.Payload);
                    _message.Reset();
                    break;
                case FrameEventKind.Ping:
                    // RFC 6455 §5.5.2-3: answer with a pong carrying the same payload.
                    if (!await SendControlAsync(Opcode.Pong, _reader.ControlPayload))
                    {
                        return AbortedExit();
                    }

                    break;
                case FrameEventKind.Pong:
                    // An unsolicited pong is allowed and ignored; any pong proves the peer alive.
                    Volatile.Write(ref _pingSentAt, 0);
                    break;
                case FrameEventKind.Close:
                    return ConnectionExit.CloseReceived(next.Code);
                default:
                    return ConnectionExit.Failed(next.Code, next.Reason);
            }
        }
    }

    /// <summary>Frames the message for sending back as it came, as the tutorial's server did.</summary>
    private ReadOnlyMemory<byte> EchoFrame(Opcode opcode)
    {
        // The header goes into the room reserved in front of the payload: one write, no copy.
        int length = _message.Length;
        int headerLength = FrameWriter.HeaderLength(length);
        int start = MessageBuffer.HeaderRoom - headerLength;
        FrameWriter.WriteHeader(_message.Array.AsSpan(start), opcode, fin: true, length);
        return _message.Array.AsMemory(start, headerLength + length);
    }

    private ConnectionExit AbortedExit()
    {
        AbortReason reason = CurrentAbortReason;
        return ConnectionExit.Gone(reason == AbortReason.None ? "connection reset" : reason.ToString());
    }
}
