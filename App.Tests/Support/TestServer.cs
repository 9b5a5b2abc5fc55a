using System.Net;
using EspWs.App.Control;
using EspWs.App.Server;
using EspWs.App.Tls;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Support;

/// <summary>
/// The real host (LED, controller, server, status) on 127.0.0.1 and a free port, on a simulated board; over TLS when
/// given a certificate.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly CertificateFileWatcher? _certificateWatcher;

    private TestServer(EspWsHost host, SimulatedBoard board, ServerCertificateStore? certificates, CertificateFileWatcher? watcher,
        WebSocketServerOptions options)
    {
        Host = host;
        Options = options;
        Board = board;
        Certificates = certificates;
        _certificateWatcher = watcher;
    }

    public EspWsHost Host { get; }

    /// <summary>The options the server was started with.</summary>
    public WebSocketServerOptions Options { get; }

    public WebSocketServer Server => Host.Server;

    public LedController Controller => Host.Controller;

    public SimulatedBoard Board { get; }

    public ILed Led => Host.Led;

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    /// <summary>The certificates the server speaks TLS with (reloaded when their files change), or null for plain TCP.</summary>
    public ServerCertificateStore? Certificates { get; }

    public Uri WebSocketUri => new($"{(Certificates is null ? "ws" : "wss")}://127.0.0.1:{EndPoint.Port}/");

    public static WebSocketServerOptions DefaultOptions => new()
    {
        BindAddress = IPAddress.Loopback,
        Port = 0,
        MaxClients = 8,
        MaxMessageBytes = 16 * 1024 * 1024,

        // Room for a message at the cap (its pooled array is the next power of two) and a few more beside it.
        MaxBufferedBytes = 128L * 1024 * 1024,
        HandshakeTimeout = TimeSpan.FromSeconds(5),
        PingInterval = TimeSpan.Zero,
        CloseTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>
    /// Starts the host; <paramref name="decorate"/> may wrap the LED controller, e.g. to inject a fault, and
    /// <paramref name="tls"/> makes it speak TLS only, with that certificate.
    /// </summary>
    public static TestServer Start(WebSocketServerOptions? options = null, ILoggerFactory? loggers = null,
        Func<IMessageHandler, IMessageHandler>? decorate = null, TimeProvider? time = null, TestCertificate? tls = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        time ??= TimeProvider.System;
        options ??= DefaultOptions;
        ServerCertificateStore? certificates = null;
        CertificateFileWatcher? watcher = null;
        if (tls is not null)
        {
            CertificateLoadResult loaded = ServerCertificateStore.Load(tls.Settings, TimeProvider.System);
            Assert.True(loaded.Succeeded, loaded.Error);
            ILogger tlsLog = loggers.CreateLogger("EspWs.Tls");
            certificates = new ServerCertificateStore(tls.Settings, loaded.Certificate, tlsLog, TimeProvider.System);
            watcher = new CertificateFileWatcher(certificates, reloadOnHangup: false, tlsLog, TimeProvider.System);
            options = options with { TransportFactory = new TlsTransportFactory(certificates) };
        }

        var board = new SimulatedBoard(loggers, time);
        var host = new EspWsHost(board, new EspWsHostOptions { Server = options, DecorateHandler = decorate }, loggers, time);
        host.Start();
        return new TestServer(host, board, certificates, watcher, options);
    }

    /// <summary>True when every connection has given its slot back within the timeout.</summary>
    public Task<bool> AllSlotsFreeAsync() => TestTimeout.Until(() => Server.AvailableSlots == Options.MaxClients);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _certificateWatcher?.Dispose();
        Board.Dispose();
    }
}
