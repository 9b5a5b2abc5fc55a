using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using EspWs.App.Server;
using EspWs.App.Server.Transport;

namespace EspWs.App.Tls;

/// <summary>A connection's transport through TLS over its TCP socket, after the TLS handshake has succeeded.</summary>
public sealed class TlsTransport : IConnectionTransport
{
    private readonly Socket _socket;
    private readonly SslStream _tls;
    private int _closed;

    /// <summary>Wraps the authenticated <paramref name="tls"/> stream over <paramref name="socket"/>; the transport owns both.</summary>
    public TlsTransport(Socket socket, SslStream tls)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(tls);
        _socket = socket;
        _tls = tls;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    /// <inheritdoc/>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets the TLS version the client and server agreed on.</summary>
    public System.Security.Authentication.SslProtocols Protocol => _tls.SslProtocol;

    /// <inheritdoc/>
    /// <remarks>
    /// SslStream turns an empty read into an empty read of the socket, so an idle client holds neither a TLS record
    /// buffer nor a receive buffer while it waits.
    /// </remarks>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _tls.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The connection core has one sender per connection; SslStream would refuse a second write while one is pending.</remarks>
    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        _tls.WriteAsync(bytes, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask ShutdownSendAsync(CancellationToken cancellationToken)
    {
        // close_notify first, so the client knows the stream ended whole rather than being cut.
        await _tls.ShutdownAsync().WaitAsync(cancellationToken);

        _socket.Shutdown(SocketShutdown.Send);
    }

    /// <inheritdoc/>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        SocketClosing.Close(_socket);
        try
        {
            _tls.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The socket is already gone; there is nothing left for the TLS stream to say.
        }
    }
}
