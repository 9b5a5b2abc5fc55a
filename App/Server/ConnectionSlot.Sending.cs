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
    /// <remarks>
    /// Not an async method: when the lock is free and the kernel takes the bytes at once, as it does in steady
    /// state, this completes synchronously and allocates nothing; only a write that must wait goes async.
    /// </remarks>
    private ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes, bool isClose = false)
    {
        Task locked = _sendLock.WaitAsync(_abort.Token);
        if (!locked.IsCompletedSuccessfully)
        {
            return SendAfterLockAsync(locked, bytes, isClose);
        }

        if (!TryBeginSend(isClose))
        {
            return ValueTask.FromResult(false);
        }

        // CA2012 cannot see that the ValueTask is consumed exactly once: read when complete, else awaited.
#pragma warning disable CA2012
        ValueTask<int> sending;
        try
        {
            sending = _socket!.SendAsync(bytes, SocketFlags.None, _abort.Token);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            return ValueTask.FromResult(EndSend(succeeded: false));
        }

        if (sending.IsCompletedSuccessfully && sending.Result == bytes.Length)
#pragma warning restore CA2012
        {
            return ValueTask.FromResult(EndSend(succeeded: true));
        }

        return FinishSendAsync(sending, bytes);
    }

    private async ValueTask<bool> SendAfterLockAsync(Task locked, ReadOnlyMemory<byte> bytes, bool isClose)
    {
        try
        {
            await locked;
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        if (!TryBeginSend(isClose))
        {
            return false;
        }

        ValueTask<int> sending;
        try
        {
            sending = _socket!.SendAsync(bytes, SocketFlags.None, _abort.Token);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            return EndSend(succeeded: false);
        }

        return await FinishSendAsync(sending, bytes);
    }

    private async ValueTask<bool> FinishSendAsync(ValueTask<int> sending, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            int sent = await sending;
            bytes = bytes[sent..];
            while (!bytes.IsEmpty)
            {
                sent = await _socket!.SendAsync(bytes, SocketFlags.None, _abort.Token);
                bytes = bytes[sent..];
            }

            return EndSend(succeeded: true);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            return EndSend(succeeded: false);
        }
    }

    /// <summary>Called with the send lock held; false (and the lock released) when nothing may be sent any more.</summary>
    private bool TryBeginSend(bool isClose)
    {
        // RFC 6455 §5.5.1: after a close frame the endpoint sends nothing more.
        if (_closeSent)
        {
            _sendLock.Release();
            return false;
        }

        _closeSent = isClose;
        Volatile.Write(ref _sendStartedAt, _time.GetTimestamp());
        return true;
    }

    private bool EndSend(bool succeeded)
    {
        Volatile.Write(ref _sendStartedAt, 0);
        _sendLock.Release();
        if (!succeeded)
        {
            Abort(AbortReason.SendFailed);
        }

        return succeeded;
    }

    private static bool IsConnectionError(Exception ex) =>
        ex is SocketException or OperationCanceledException or ObjectDisposedException;

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

    /// <summary>
    /// Sends the queued server messages, everything queued so far in one write: a burst of broadcasts costs one
    /// system call, so a client that reads keeps up with any burst and only one that does not fills its queue.
    /// </summary>
    private async Task PumpOutboundAsync(CancellationToken token)
    {
        ChannelReader<ReadOnlyMemory<byte>> reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(token))
            {
                // Rented per batch, so an idle client holds no batch buffer.
                byte[] batch = ArrayPool<byte>.Shared.Rent(PumpBatchBytes);
                int used = 0;
                while (reader.TryPeek(out ReadOnlyMemory<byte> frame) && frame.Length <= batch.Length - used)
                {
                    reader.TryRead(out _);
                    frame.Span.CopyTo(batch.AsSpan(used));
                    used += frame.Length;
                }

                bool sent = used > 0
                    ? await SendAsync(batch.AsMemory(0, used))
                    : reader.TryRead(out ReadOnlyMemory<byte> large) && await SendAsync(large);
                ArrayPool<byte>.Shared.Return(batch);
                if (!sent)
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
                // RFC 6455 §5.5.1: answer with a close echoing the code; §7.1.1: the server closes TCP first. The
                // FIN goes out at once; reading until the peer's FIN keeps late bytes from turning it into a reset.
                await SendCloseAsync(exit.Code, "");
                await SocketClosing.ShutdownAndDrainAsync(_socket!, _options.CloseTimeout, _abort.Token);
                _log.LogInformation("Slot {Slot}: client {Remote} closed with {Code}.", SlotId, _remote, exit.Code);
                _machine.OnClosed();
                return;
            case ConnectionExitKind.CloseRequested:
                _machine.RequestClose(exit.Code);
                EnterClosing();
                await SendCloseAsync(exit.Code, exit.Reason);
                await AwaitPeerCloseAsync();
                return;
            default:
                _log.LogInformation("Slot {Slot}: client {Remote} failed with {Code}: {Reason}.", SlotId, _remote, exit.Code, exit.Reason);
                _machine.OnProtocolViolated(exit.Code);
                EnterClosing();
                await SendCloseAsync(exit.Code, exit.Reason);

                // After a failure the frame stream cannot be trusted (a fail-fast client stops mid-frame, so its close
                // would be read as payload): send FIN and read raw until the peer closes, within CloseTimeout. No
                // byte cap: a client may still be pushing the rest of an oversized message before its close.
                await SocketClosing.ShutdownAndDrainAsync(_socket!, _options.CloseTimeout, _abort.Token, long.MaxValue);
                _machine.OnClosed();
                return;
        }
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
        _reader.Discarding = true;
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

            int received = await ReceiveOutsideFramesAsync(_reader.GetReceiveSpace());
            if (received <= 0)
            {
                return false;
            }

            _reader.OnReceived(received);
        }
    }
}
