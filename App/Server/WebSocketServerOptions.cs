using System.Net;
using EspWs.App.Server.Transport;

namespace EspWs.App.Server;

/// <summary>The limits and timeouts the WebSocket server enforces; every buffer and wait is bounded by one of them.</summary>
public sealed record WebSocketServerOptions
{
    /// <summary>The address to listen on.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>The TCP port to listen on; 0 picks a free port.</summary>
    public int Port { get; init; } = 9998;

    /// <summary>How many connections are served at once; the next one is refused with 503.</summary>
    public int MaxClients { get; init; } = 64;

    /// <summary>The largest message accepted, announced or accumulated over fragments; more fails with 1009.</summary>
    public int MaxMessageBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The memory all connections together may hold in message buffers; a message that does not fit waits (its
    /// connection is not read) until memory is freed, one that could never fit fails with 1009.
    /// </summary>
    public long MaxBufferedBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>The largest HTTP request head accepted; more is refused with 431.</summary>
    public int MaxHeaderBytes { get; init; } = 8192;

    /// <summary>How many outgoing server messages (state broadcasts) may wait for a slow client before it is closed.</summary>
    public int SendQueueLength { get; init; } = 64;

    /// <summary>How long a client may take to send its complete HTTP request.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Silence after which the server pings; <see cref="TimeSpan.Zero"/> turns keepalive off.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server waits for the pong that answers its ping before it drops the client.</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the server waits for the peer's close frame after sending its own.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one write to a client may stay blocked before the client is dropped as not reading.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The value of <c>Retry-After</c>, in seconds, on a 503 sent when every slot is busy.</summary>
    public int RetryAfterSeconds { get; init; } = 5;

    /// <summary>How many connections one client address may hold at once (the rest get 429); 0 means no limit.</summary>
    public int MaxConnectionsPerAddress { get; init; }

    /// <summary>Browser origins allowed besides the device's own page; <c>*</c> allows any. A request without Origin is always allowed.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>The token a client must present, or null when none is asked for.</summary>
    public string? Token { get; init; }

    /// <summary>The transport-setup step each accepted client goes through before its HTTP request is read (plain by default; TLS plugs in here).</summary>
    public IConnectionTransportFactory TransportFactory { get; init; } = PlainTransportFactory.Instance;

    /// <summary>Subprotocols the server may select, in its order of support; none by default.</summary>
    public IReadOnlyList<string> SubProtocols { get; init; } = [];
}
