namespace EspWs.App.Configuration;

/// <summary>The <c>Server</c> section: where the WebSocket server listens and every cap and timeout it keeps.</summary>
/// <remarks>The one declaration of these keys and their defaults: configuration binds it, and the server runs on it.</remarks>
public sealed record ServerSettings : ISettingsSection
{
    /// <summary>Gets or sets the IP address to listen on; <c>0.0.0.0</c> listens on every IPv4 interface.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Gets or sets the TCP port to listen on; 0 asks the OS for any free port (useful in tests).</summary>
    public int Port { get; set; } = 9998;

    /// <summary>Gets or sets how many clients may be connected at once (the number of connection slots).</summary>
    public int MaxClients { get; set; } = 64;

    /// <summary>Gets or sets the largest message, after reassembly of fragments, a client may send.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Gets or sets the memory all clients' large messages in flight may hold together, a quarter of it at most for one
    /// client address; a message that does not fit waits.
    /// </summary>
    public int MaxBufferedBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Gets or sets the bytes per second a message holding part of Server:MaxBufferedBytes must keep arriving at; 0
    /// turns the rule off.
    /// </summary>
    public int MinMessageDataRate { get; set; } = 240;

    /// <summary>
    /// Gets or sets how far a message holding part of Server:MaxBufferedBytes may fall behind Server:MinMessageDataRate
    /// before it is closed with 1008.
    /// </summary>
    public TimeSpan MessageDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the largest HTTP request head (request line and headers) of a handshake.</summary>
    public int MaxHeaderBytes { get; set; } = 8192;

    /// <summary>Gets or sets how many outgoing messages may wait for one client before it counts as too slow.</summary>
    public int SendQueueLength { get; set; } = 64;

    /// <summary>Gets or sets how long a client has to complete its opening handshake.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often an idle client is pinged; <see cref="TimeSpan.Zero"/> turns keepalive off.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a ping may wait for its pong before the client counts as gone.</summary>
    public TimeSpan PongTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long the closing handshake may take before the connection is dropped.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets or sets how long one write to a client may stay blocked before the client counts as not reading and is dropped.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many connections one client address may hold at once; 0 means no per-address limit.</summary>
    public int MaxConnectionsPerAddress { get; set; } = 16;

    /// <summary>Gets or sets the subprotocols the server offers, in order of preference; empty offers none.</summary>
    public string[] SubProtocols { get; set; } = [];
}
