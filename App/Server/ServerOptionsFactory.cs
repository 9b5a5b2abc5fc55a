using System.Net;
using EspWs.App.Configuration;

namespace EspWs.App.Server;

/// <summary>Turns the validated <c>Server</c> settings into the server's options.</summary>
public static class ServerOptionsFactory
{
    /// <summary>The options for <paramref name="settings"/> and <paramref name="security"/>, both validated when loaded.</summary>
    public static WebSocketServerOptions From(ServerSettings settings, SecuritySettings security)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(security);
        return new WebSocketServerOptions
        {
            BindAddress = IPAddress.Parse(settings.BindAddress),
            Port = settings.Port,
            MaxClients = settings.MaxClients,
            MaxMessageBytes = settings.MaxMessageBytes,
            MaxBufferedBytes = settings.MaxBufferedBytes,
            MaxHeaderBytes = settings.MaxHeaderBytes,
            SendQueueLength = settings.SendQueueLength,
            HandshakeTimeout = settings.HandshakeTimeout,
            PingInterval = settings.PingInterval,
            PongTimeout = settings.PongTimeout,
            CloseTimeout = settings.CloseTimeout,
            SendTimeout = settings.SendTimeout,
            SubProtocols = settings.SubProtocols,
            MaxConnectionsPerAddress = settings.MaxConnectionsPerAddress,
            AllowedOrigins = security.AllowedOrigins,
            Token = security.Token.Length > 0 ? security.Token : null,
        };
    }
}
