using System.Net.Sockets;
using EspWs.App.Server.Transport;

namespace EspWs.App.Tls;

/// <summary>
/// Serves connections over TLS (<c>wss://</c> and <c>https://</c>): the transport-setup step runs the TLS handshake
/// with the store's current certificate, inside the connection's handshake deadline.
/// </summary>
public sealed class TlsTransportFactory : IConnectionTransportFactory
{
    private readonly ServerCertificateStore _certificates;

    /// <summary>Creates the factory; every handshake takes <paramref name="certificates"/>' certificate of the moment, so a renewal reaches new connections only.</summary>
    public TlsTransportFactory(ServerCertificateStore certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        _certificates = certificates;
    }

    /// <inheritdoc/>
    /// <remarks>Throws <see cref="System.Security.Authentication.AuthenticationException"/> for a client that does not speak TLS 1.2/1.3.</remarks>
    public async ValueTask<IConnectionTransport> CreateAsync(Socket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var tls = await TlsServerHandshake.AuthenticateAsync(new NetworkStream(socket, ownsSocket: false), _certificates.Current, cancellationToken);
        return new TlsTransport(socket, tls);
    }
}
