using System.Net.Sockets;

namespace EspWs.App.Server.Transport;

/// <summary>
/// The transport-setup step of the accept path: turns an accepted socket into the connection's transport (for
/// TLS, the handshake). It runs after the per-address and total connection limits and before the HTTP handshake.
/// </summary>
public interface IConnectionTransportFactory
{
    /// <summary>
    /// Builds the transport over <paramref name="socket"/>, taking ownership of it. <paramref name="cancellationToken"/>
    /// is cancelled when <c>Server:HandshakeTimeout</c> passes or the server stops; a failure throws and the
    /// connection is dropped without an answer.
    /// </summary>
    ValueTask<IConnectionTransport> CreateAsync(Socket socket, CancellationToken cancellationToken);
}
