using System.Net.Sockets;

namespace EspWs.App.Server.Transport;

/// <summary>Serves connections over the accepted socket itself: plain <c>ws://</c> and <c>http://</c>.</summary>
public sealed class PlainTransportFactory : IConnectionTransportFactory
{
    /// <summary>The one instance; it holds no state.</summary>
    public static PlainTransportFactory Instance { get; } = new();

    private PlainTransportFactory()
    {
    }

    /// <inheritdoc/>
    public ValueTask<IConnectionTransport> CreateAsync(Socket socket, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IConnectionTransport>(new SocketTransport(socket));
}
