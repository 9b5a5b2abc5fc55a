using System.Buffers;
using System.Net.Sockets;
using EspWs.App.Configuration;
using EspWs.App.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The opening handshake of one connection (RFC 6455 §4.2) and the plain HTTP requests that reach the port: sets up
/// the transport (TLS), reads the request head within Server:MaxHeaderBytes, then answers 101, a page, or a refusal.
/// </summary>
/// <remarks>
/// It exists only while the connection handshakes, and rents its buffer only once the request starts to arrive,
/// so a client that connects and says nothing holds no buffer.
/// </remarks>
internal sealed class HandshakePhase
{
    private readonly Connection _connection;
    private byte[]? _buffer;
    private int _received;

    /// <summary>Creates the handshake of <paramref name="connection"/>.</summary>
    public HandshakePhase(Connection connection) => _connection = connection;

    /// <summary>Sets up the transport, then reads and answers the request; never throws for anything the client sends.</summary>
    public async Task<LifecycleEvent> RunAsync()
    {
        try
        {
            // The transport-setup step (TLS) runs under the handshake deadline, like the HTTP request after it.
            _connection.Transport = await _connection.Transports.CreateAsync(_connection.Socket, _connection.AbortToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (_connection.CurrentAbortReason == AbortReason.HandshakeTimeout)
            {
                _connection.Log.LogInformation("Slot {Slot}: {Remote} did not finish its transport setup (TLS handshake) within Server:HandshakeTimeout ({Timeout}); dropped.",
                    _connection.SlotId, _connection.RemoteEndPoint, _connection.Options.HandshakeTimeout);
                return new LifecycleEvent(ConnectionTrigger.HandshakeTimedOut);
            }

            // A client that does not speak the transport's protocol (plain text on a TLS port, a garbage ClientHello) is
            // routine on an open port: one line at Debug, no stack trace.
            _connection.Log.LogDebug("Slot {Slot}: transport setup with {Remote} failed: {Error}", _connection.SlotId, _connection.RemoteEndPoint, ex.Message);
            return new LifecycleEvent(ConnectionTrigger.PeerGone);
        }

        try
        {
            return await ReadAndAnswerAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            return Ended();
        }
        finally
        {
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }
        }
    }

    private async Task<LifecycleEvent> ReadAndAnswerAsync()
    {
        ServerSettings options = _connection.Options;
        int limit = options.MaxHeaderBytes;
        int headEnd;
        while (_buffer is null || (headEnd = HttpHead.FindEnd(_buffer.AsSpan(0, _received))) < 0)
        {
            if (_received == limit)
            {
                return await RefuseAsync(431, $"Request head larger than Server:MaxHeaderBytes ({limit} bytes).");
            }

            if (_buffer is null)
            {
                await _connection.Transport.ReceiveAsync(Memory<byte>.Empty, _connection.AbortToken);
                _buffer = ArrayPool<byte>.Shared.Rent(limit);
            }

            int received = await _connection.Transport.ReceiveAsync(_buffer.AsMemory(_received, limit - _received), _connection.AbortToken);
            if (received == 0)
            {
                return Ended();
            }

            _received += received;
        }

        HandshakeResult request = HandshakeParser.Parse(_buffer.AsSpan(0, headEnd), options.SubProtocols);
        switch (request.Kind)
        {
            case HandshakeKind.WebSocket when _connection.Policy.Refuse(request) is { } refusal:
                return await RefuseAsync(refusal.Status, refusal.Reason);
            case HandshakeKind.WebSocket:
                await _connection.Transport.SendAsync(HttpResponses.SwitchingProtocols(request.AcceptKey!, request.SubProtocol), _connection.AbortToken);

                // Frames the client sent right behind its request are already in the buffer: the receive side keeps them.
                _connection.Receive.Adopt(_buffer, headEnd, _received - headEnd);
                _buffer = null;
                return new LifecycleEvent(ConnectionTrigger.HandshakeAccepted);
            case HandshakeKind.PlainHttp:
                byte[] response = _connection.Http.Respond(request);
                _connection.Log.LogDebug("Slot {Slot}: {Method} {Path} from {Remote} answered over plain HTTP.",
                    _connection.SlotId, request.Method, request.Path, _connection.RemoteEndPoint);
                await AnswerAndCloseAsync(response);
                int status = StatusOf(response);
                return status >= 400 ? Refused(status) : new LifecycleEvent(ConnectionTrigger.HttpRequestServed);
            default:
                return await RefuseAsync(request.StatusCode, request.Reason);
        }
    }

    private async Task<LifecycleEvent> RefuseAsync(int status, string reason)
    {
        (string Name, string Value)[] headers = status switch
        {
            426 => [("Sec-WebSocket-Version", "13")],
            405 => [("Allow", "GET, HEAD")],
            401 => [("WWW-Authenticate", "Bearer realm=\"EspWs\"")],
            _ => [],
        };
        _connection.Log.LogInformation("Slot {Slot}: handshake from {Remote} refused with {Status}: {Reason}",
            _connection.SlotId, _connection.RemoteEndPoint, status, reason);
        await AnswerAndCloseAsync(HttpResponses.Error(status, reason, headers));
        return Refused(status);
    }

    private async Task AnswerAndCloseAsync(byte[] response)
    {
        await _connection.Transport.SendAsync(response, _connection.AbortToken);
        await SocketClosing.ShutdownAndDrainAsync(_connection.Transport, _connection.Options.CloseTimeout, _connection.AbortToken);
    }

    private static LifecycleEvent Refused(int status) => new(ConnectionTrigger.HandshakeRefused, (ushort)status);

    private LifecycleEvent Ended()
    {
        if (_connection.CurrentAbortReason == AbortReason.HandshakeTimeout)
        {
            _connection.Log.LogInformation("Slot {Slot}: {Remote} did not finish its request within Server:HandshakeTimeout ({Timeout}); dropped.",
                _connection.SlotId, _connection.RemoteEndPoint, _connection.Options.HandshakeTimeout);
            return new LifecycleEvent(ConnectionTrigger.HandshakeTimedOut);
        }

        _connection.Log.LogDebug("Slot {Slot}: {Remote} left before finishing its request.", _connection.SlotId, _connection.RemoteEndPoint);
        return new LifecycleEvent(ConnectionTrigger.PeerGone);
    }

    // "HTTP/1.1 404 ...": the three digits after the first space.
    private static int StatusOf(byte[] response)
    {
        int space = Array.IndexOf(response, (byte)' ');
        if (space < 0 || space + 4 > response.Length)
        {
            return 0;
        }

        int status = 0;
        for (int i = space + 1; i < space + 4; i++)
        {
            status = status * 10 + (response[i] - '0');
        }

        return status;
    }
}
