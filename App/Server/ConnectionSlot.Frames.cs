using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Server;

/// <summary>The receive side: frames in, messages assembled, validated and handed on (RFC 6455 §5-§8).</summary>
internal sealed partial class ConnectionSlot
{
    private const int MinReceiveBuffer = 256;
    private const int InitialMessageBytes = 4096;
    private const int MaxPayloadStep = 64 * 1024;
    private const int MaxReceivesWithoutYield = 32;

    private readonly byte[] _receive;
    private readonly MessageBuffer _message;
    private Utf8Validator _utf8;
    private int _receiveStart;
    private int _receiveEnd;
    private int _receivesWithoutYield;

    private int Buffered => _receiveEnd - _receiveStart;

    private async Task<ConnectionExit> ReceiveLoopAsync()
    {
        bool messageOpen = false;
        Opcode messageOpcode = Opcode.Binary;
        while (true)
        {
            FrameParseStatus status = FrameHeaderParser.TryParse(
                _receive.AsSpan(_receiveStart, Buffered), requireMask: true, out FrameHeader header, out string? error);
            if (status == FrameParseStatus.NeedMoreData)
            {
                int received = await FillAsync();
                if (received <= 0)
                {
                    return ExitWithoutData(received);
                }

                continue;
            }

            if (status == FrameParseStatus.ProtocolError)
            {
                return ConnectionExit.Failed(1002, error ?? "invalid frame header");
            }

            _receiveStart += header.HeaderLength;
            if (header.IsControl)
            {
                ConnectionExit? controlExit = await HandleControlFrameAsync(header);
                if (controlExit is { } exit)
                {
                    return exit;
                }

                continue;
            }

            // RFC 6455 §5.4: a continuation needs an open message; a new message may not start inside one.
            if (header.Opcode == Opcode.Continuation)
            {
                if (!messageOpen)
                {
                    return ConnectionExit.Failed(1002, "continuation frame with no message open");
                }
            }
            else
            {
                if (messageOpen)
                {
                    return ConnectionExit.Failed(1002, "new data frame while a fragmented message is open");
                }

                messageOpcode = header.Opcode;
                _message.Reset();
                _utf8.Reset();
            }

            if (!_message.CanAppend(header.PayloadLength))
            {
                return ConnectionExit.Failed(1009, "message larger than Server:MaxMessageBytes");
            }

            ConnectionExit? payloadExit = await ReadPayloadAsync(header, messageOpcode == Opcode.Text);
            if (payloadExit is { } failed)
            {
                return failed;
            }

            messageOpen = !header.Fin;
            if (messageOpen)
            {
                continue;
            }

            // RFC 6455 §8.1: a text message must end on a code point boundary.
            if (messageOpcode == Opcode.Text && !_utf8.IsComplete)
            {
                return ConnectionExit.Failed(1007, "text message ends inside a UTF-8 sequence");
            }

            if (!await DeliverAsync(messageOpcode))
            {
                return ConnectionExit.Gone("send failed");
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConnectionExit?> ReadPayloadAsync(FrameHeader header, bool isText)
    {
        long remaining = header.PayloadLength;
        int maskOffset = 0;
        while (remaining > 0)
        {
            int step = (int)Math.Min(remaining, MaxPayloadStep);
            Memory<byte> space = _message.GetAppendSpace(step);
            int taken;
            if (Buffered > 0)
            {
                taken = Math.Min(Buffered, step);
                _receive.AsSpan(_receiveStart, taken).CopyTo(space.Span);
                _receiveStart += taken;
            }
            else
            {
                // Nothing buffered: receive straight into the message and skip a copy.
                taken = await ReceiveAsync(space);
                if (taken <= 0)
                {
                    return ExitWithoutData(taken);
                }
            }

            Span<byte> chunk = space.Span[..taken];
            maskOffset = PayloadMask.Apply(chunk, header.MaskKey, maskOffset);
            _message.Advance(taken);
            remaining -= taken;

            // RFC 6455 §8.1: fail fast, as soon as the bytes so far cannot be valid UTF-8.
            if (isText && !_utf8.Append(chunk))
            {
                return ConnectionExit.Failed(1007, "text message is not valid UTF-8");
            }
        }

        return null;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ConnectionExit?> HandleControlFrameAsync(FrameHeader header)
    {
        int length = (int)header.PayloadLength;
        while (Buffered < length)
        {
            int received = await FillAsync();
            if (received <= 0)
            {
                return ExitWithoutData(received);
            }
        }

        Span<byte> payload = _receive.AsSpan(_receiveStart, length);
        PayloadMask.Apply(payload, header.MaskKey, 0);
        _receiveStart += length;
        switch (header.Opcode)
        {
            case Opcode.Ping:
                // RFC 6455 §5.5.2-3: answer with a pong carrying the same payload.
                return await SendControlAsync(Opcode.Pong, _receive.AsMemory(_receiveStart - length, length))
                    ? null
                    : ConnectionExit.Gone("send failed");
            case Opcode.Pong:
                // An unsolicited pong is allowed and ignored; any pong proves the peer alive.
                Volatile.Write(ref _pingSentAt, 0);
                return null;
            default:
                return ReadClose(payload);
        }
    }

    // RFC 6455 §5.5.1 and §7.4: a close carries nothing, or a valid code and a UTF-8 reason.
    private static ConnectionExit ReadClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0)
        {
            return ConnectionExit.CloseReceived(1005);
        }

        if (payload.Length == 1)
        {
            return ConnectionExit.Failed(1002, "close frame with a 1-byte payload");
        }

        ushort code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!CloseStatusRules.IsValidReceivedCode(code))
        {
            return ConnectionExit.Failed(1002, "invalid close code");
        }

        return Utf8Validator.IsValid(payload[2..])
            ? ConnectionExit.CloseReceived(code)
            : ConnectionExit.Failed(1007, "close reason is not valid UTF-8");
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> DeliverAsync(Opcode opcode)
    {
        // The tutorial's behaviour: every message comes back as it was sent. The header goes in the room
        // reserved in front of the payload, so the echo is one write and no copy.
        int length = _message.Length;
        int headerLength = FrameWriter.HeaderLength(length);
        int start = MessageBuffer.HeaderRoom - headerLength;
        FrameWriter.WriteHeader(_message.Array.AsSpan(start), opcode, fin: true, length);
        if (!await SendAsync(_message.Array.AsMemory(start, headerLength + length)))
        {
            return false;
        }

        _handler.OnMessage(this, opcode, _message.Payload);
        _message.Reset();
        return true;
    }

    /// <summary>Receives more bytes into the fixed buffer; the count, 0 when the peer closed, -1 when woken to close or cut.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> FillAsync()
    {
        if (_receiveStart > 0)
        {
            _receive.AsSpan(_receiveStart, Buffered).CopyTo(_receive);
            _receiveEnd = Buffered;
            _receiveStart = 0;
        }

        int received = await ReceiveAsync(_receive.AsMemory(_receiveEnd));
        if (received > 0)
        {
            _receiveEnd += received;
        }

        return received;
    }

    /// <summary>Receives into <paramref name="target"/>; the count, 0 when the peer closed, -1 when woken to close or cut.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveAsync(Memory<byte> target)
    {
        // A client that keeps its socket full would otherwise keep this loop running synchronously and hold a
        // thread-pool thread for ever; on a 2-core device that starves every other client.
        if (++_receivesWithoutYield >= MaxReceivesWithoutYield)
        {
            _receivesWithoutYield = 0;
            await Task.Yield();
        }

        while (true)
        {
            try
            {
                int received = await _socket!.ReceiveAsync(target, SocketFlags.None, _receiveWake.Token);
                if (received > 0)
                {
                    Volatile.Write(ref _lastReceiveAt, _time.GetTimestamp());
                }

                return received;
            }
            catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
            {
                int request = TakeWakeRequest();
                if (request == WakeClose)
                {
                    return -1;
                }

                if (request == WakePing && !await SendPingAsync())
                {
                    return 0;
                }
            }
            catch (OperationCanceledException)
            {
                return -1;
            }
            catch (SocketException)
            {
                return 0;
            }
        }
    }

    private ConnectionExit ExitWithoutData(int received)
    {
        if (received < 0 && CurrentAbortReason == AbortReason.None && _requestedCloseCode != 0)
        {
            return ConnectionExit.CloseRequested(_requestedCloseCode, _requestedCloseReason);
        }

        AbortReason reason = CurrentAbortReason;
        return ConnectionExit.Gone(reason == AbortReason.None ? "connection closed by peer" : reason.ToString());
    }
}
