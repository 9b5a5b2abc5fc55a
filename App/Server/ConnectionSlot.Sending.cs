using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using System.Runtime.CompilerServices;
using EspWs.App.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>The send side: one write at a time per socket, the outbound queue, and the closing handshake.</summary>
internal sealed partial class ConnectionSlot
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _control = new byte[FrameWriter.MaxHeaderLength + 125];
    private const int PumpBatchBytes = 4096;

    private bool _closeSent;

    /// <summary>Writes <paramref name="bytes"/> whole, never interleaved with another write; false when not sent.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes, bool isClose = false)
    {
        try
        {
            await _sendLock.WaitAsync(_abort.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            // RFC 6455 §5.5.1: after a close frame the endpoint sends no more data frames.
            if (_closeSent)
            {
                return false;
            }

            _closeSent = isClose;
            Volatile.Write(ref _sendStartedAt, _time.GetTimestamp());
            while (!bytes.IsEmpty)
            {
                int sent = await _socket!.SendAsync(bytes, SocketFlags.None, _abort.Token);
                bytes = bytes[sent..];
            }

            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Abort(AbortReason.SendFailed);
            return false;
        }
        finally
        {
            Volatile.Write(ref _sendStartedAt, 0);
            _sendLock.Release();
        }
    }

    /// <summary>Sends a control frame built in the loop's own control buffer; only the loop calls it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendControlAsync(Opcode opcode, ReadOnlyMemory<byte> payload)
    {
        int headerLength = FrameWriter.WriteHeader(_control, opcode, fin: true, payload.Length);
        payload.Span.CopyTo(_control.AsSpan(headerLength));
        return await SendAsync(_control.AsMemory(0, headerLength + payload.Length), opcode == Opcode.Close);
    }

    private async ValueTask<bool> SendPingAsync()
    {
        Volatile.Write(ref _pingSentAt, _time.GetTimestamp());
        return await SendControlAsync(Opcode.Ping, ReadOnlyMemory<byte>.Empty);
    }

    private async Task SendCloseAsync(ushort code, string reason)
    {
        // 1005 means "no code was given" and may never be sent (RFC 6455 §7.4.1): answer such a close empty.
        byte[] payload = new byte[125];
        int length = code == 1005 ? 0 : FrameWriter.WriteClosePayload(payload, code, reason);
        await SendControlAsync(Opcode.Close, payload.AsMemory(0, length));
    }

    private async Task PumpOutboundAsync(CancellationToken token)
    {
        ChannelReader<ReadOnlyMemory<byte>> reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(token))
            {
                if (!await SendQueuedBatchAsync(reader))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended; whatever is still queued is dropped with it.
        }
    }

    /// <summary>
    /// Sends everything queued so far in as few writes as possible: a burst of broadcasts costs one system call,
    /// so a reading client keeps up with any burst and only a client that does not read fills its queue.
    /// </summary>
    private async ValueTask<bool> SendQueuedBatchAsync(ChannelReader<ReadOnlyMemory<byte>> reader)
    {
        byte[] batch = ArrayPool<byte>.Shared.Rent(PumpBatchBytes);
        try
        {
            int used = 0;
            while (reader.TryPeek(out ReadOnlyMemory<byte> frame))
            {
                if (frame.Length > batch.Length - used)
                {
                    if (used > 0)
                    {
                        break;
                    }

                    reader.TryRead(out _);
                    if (!await SendAsync(frame))
                    {
                        return false;
                    }

                    continue;
                }

                reader.TryRead(out _);
                frame.Span.CopyTo(batch.AsSpan(used));
                used += frame.Length;
            }

            return used == 0 || await SendAsync(batch.AsMemory(0, used));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
        }
    }

    /// <summary>Runs the closing handshake that fits <paramref name="exit"/> and brings the machine back to WaitingForClient.</summary>
    private async Task FinishAsync(ConnectionExit exit)
    {
        switch (exit.Kind)
        {
            case ConnectionExitKind.PeerGone:
                _log.LogInformation("Slot {Slot}: client {Remote} gone ({Reason}).", SlotId, _remote, exit.Reason);
                _machine.OnPeerGone();
                return;
            case ConnectionExitKind.CloseReceived:
                _machine.OnCloseReceived(exit.Code);
                EnterClosing();
                // RFC 6455 §5.5.1: answer with a close echoing the code; §7.1.1: the server closes TCP first.
                await SendCloseAsync(exit.Code, "");
                _log.LogInformation("Slot {Slot}: client {Remote} closed with {Code}.", SlotId, _remote, exit.Code);
                _machine.OnClosed();
                return;
            case ConnectionExitKind.CloseRequested:
                _machine.RequestClose(exit.Code);
                break;
            default:
                _log.LogInformation("Slot {Slot}: client {Remote} failed with {Code}: {Reason}.", SlotId, _remote, exit.Code, exit.Reason);
                _machine.OnProtocolViolated(exit.Code);
                break;
        }

        EnterClosing();
        await SendCloseAsync(exit.Code, exit.Reason);
        await AwaitPeerCloseAsync();
    }

    private async Task FailAsync(Exception ex)
    {
        _log.LogError(ex, "Slot {Slot}: unexpected error serving {Remote}; closing it with 1011.", SlotId, _remote);
        if (_machine.State == ConnectionState.Connected)
        {
            _machine.OnFaulted();
            EnterClosing();
            await SendCloseAsync(1011, "internal error");
            await AwaitPeerCloseAsync();
        }
        else
        {
            ForceWaitingForClient();
        }
    }

    private void EnterClosing() => Volatile.Write(ref _phaseStartedAt, _time.GetTimestamp());

    /// <summary>Reads and discards frames until the peer's close, the end of TCP, or CloseTimeout (the watchdog).</summary>
    private async Task AwaitPeerCloseAsync()
    {
        bool peerClosed = await DrainUntilCloseAsync();
        if (peerClosed)
        {
            _machine.OnClosed();
        }
        else
        {
            _log.LogDebug("Slot {Slot}: {Remote} did not answer the close ({Reason}).", SlotId, _remote, CurrentAbortReason);
            _machine.OnPeerGone();
        }
    }

    private async Task<bool> DrainUntilCloseAsync()
    {
        while (true)
        {
            FrameParseStatus status = FrameHeaderParser.TryParse(
                _receive.AsSpan(_receiveStart, Buffered), requireMask: true, out FrameHeader header, out _);
            if (status == FrameParseStatus.ProtocolError)
            {
                return false;
            }

            if (status == FrameParseStatus.NeedMoreData)
            {
                if (await FillAsync() <= 0)
                {
                    return false;
                }

                continue;
            }

            _receiveStart += header.HeaderLength;
            long skip = header.PayloadLength;
            while (skip > 0)
            {
                if (Buffered == 0 && await FillAsync() <= 0)
                {
                    return false;
                }

                int taken = (int)Math.Min(skip, Buffered);
                _receiveStart += taken;
                skip -= taken;
            }

            if (header.Opcode == Opcode.Close)
            {
                return true;
            }
        }
    }
}
