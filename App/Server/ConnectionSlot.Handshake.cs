using EspWs.App.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>The opening handshake and plain HTTP requests (RFC 6455 §4.2).</summary>
internal sealed partial class ConnectionSlot
{
    private int _received;

    /// <summary>Reads and answers the request; true when the WebSocket is open and the slot is Connected.</summary>
    private async Task<bool> HandshakeAsync()
    {
        int headEnd;
        while ((headEnd = HttpHead.FindEnd(_receive.AsSpan(0, _received))) < 0)
        {
            if (_received == _receive.Length)
            {
                await RefuseAsync(431, $"Request head larger than Server:MaxHeaderBytes ({_options.MaxHeaderBytes} bytes).");
                return false;
            }

            int received = await ReceiveOutsideFramesAsync(_receive.AsMemory(_received));
            if (received <= 0)
            {
                EndHandshakeWithoutAnswer(received);
                return false;
            }

            _received += received;
        }

        HandshakeResult request = HandshakeParser.Parse(_receive.AsSpan(0, headEnd), _options.SubProtocols);
        switch (request.Kind)
        {
            case HandshakeKind.WebSocket when _policy.Refuse(request) is { } refusal:
                await RefuseAsync(refusal.Status, refusal.Reason);
                return false;
            case HandshakeKind.WebSocket:
                return await AcceptAsync(request, headEnd);
            case HandshakeKind.PlainHttp:
                await ServeHttpAsync(request);
                return false;
            default:
                await RefuseAsync(request.StatusCode, request.Reason);
                return false;
        }
    }

    private async Task<bool> AcceptAsync(HandshakeResult request, int headEnd)
    {
        if (!await SendAsync(HttpResponses.SwitchingProtocols(request.AcceptKey!, request.SubProtocol)))
        {
            _machine.OnPeerGone();
            return false;
        }

        // Frames the client sent right behind its request are already in the buffer: keep them.
        _reader.Reset(headEnd, _received - headEnd);
        _machine.OnHandshakeAccepted();
        Volatile.Write(ref _lastReceiveAt, _time.GetTimestamp());
        return true;
    }

    private async Task ServeHttpAsync(HandshakeResult request)
    {
        byte[] response = _http.Respond(request);
        _log.LogDebug("Slot {Slot}: {Method} {Path} from {Remote} answered over plain HTTP.", SlotId, request.Method, request.Path, _remote);
        await SendAsync(response);
        await SocketClosing.ShutdownAndDrainAsync(_socket!, _options.CloseTimeout, _abort.Token);
        _machine.OnHttpRequestServed();
    }

    private async Task RefuseAsync(int status, string reason)
    {
        (string Name, string Value)[] headers = status switch
        {
            426 => [("Sec-WebSocket-Version", "13")],
            405 => [("Allow", "GET, HEAD")],
            401 => [("WWW-Authenticate", "Bearer realm=\"EspWs\"")],
            _ => [],
        };
        _log.LogInformation("Slot {Slot}: handshake from {Remote} refused with {Status}: {Reason}", SlotId, _remote, status, reason);
        await SendAsync(HttpResponses.Error(status, reason, headers));
        await SocketClosing.ShutdownAndDrainAsync(_socket!, _options.CloseTimeout, _abort.Token);
        _machine.OnHandshakeRefused(status);
    }

    /// <summary>
    /// Receives outside the frame loop (the request head, the close handshake's tail): the count, 0 when the peer
    /// closed, -1 when the connection was cut or a close was requested.
    /// </summary>
    private async ValueTask<int> ReceiveOutsideFramesAsync(Memory<byte> target)
    {
        while (true)
        {
            try
            {
                return await _socket!.ReceiveAsync(target, System.Net.Sockets.SocketFlags.None, _receiveWake.Token);
            }
            catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
            {
                if (TakeWakeRequest() == WakeClose)
                {
                    return -1;
                }
            }
            catch (OperationCanceledException)
            {
                return -1;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return 0;
            }
        }
    }

    private void EndHandshakeWithoutAnswer(int received)
    {
        if (CurrentAbortReason == AbortReason.HandshakeTimeout)
        {
            _log.LogInformation("Slot {Slot}: {Remote} did not finish its request within Server:HandshakeTimeout ({Timeout}); dropped.",
                SlotId, _remote, _options.HandshakeTimeout);
            _machine.OnHandshakeTimedOut();
        }
        else if (received < 0 && _requestedCloseCode != 0)
        {
            _machine.RequestClose(_requestedCloseCode);
        }
        else
        {
            _log.LogDebug("Slot {Slot}: {Remote} left before finishing its request.", SlotId, _remote);
            _machine.OnPeerGone();
        }
    }
}
