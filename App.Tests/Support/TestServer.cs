using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.Server;
using EspWs.App.Server.Transport;
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

    private TestServer(EspWsHost host, SimulatedBoard board, ServerCertificateStore? certificates, CertificateFileWatcher? watcher)
    {
        Host = host;
        Board = board;
        Certificates = certificates;
        _certificateWatcher = watcher;
    }

    public EspWsHost Host { get; }

    public WebSocketServer Server => Host.Server;

    public LedController Controller => Host.Controller;

    public SimulatedBoard Board { get; }

    public ILed Led => Host.Led;

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    /// <summary>The certificates the server speaks TLS with (reloaded when their files change), or null for plain TCP.</summary>
    public ServerCertificateStore? Certificates { get; }

    public Uri WebSocketUri => new($"{(Certificates is null ? "ws" : "wss")}://127.0.0.1:{EndPoint.Port}/");

    public static ServerSettings DefaultOptions => new()
    {
        BindAddress = "127.0.0.1",
        Port = 0,
        MaxClients = 8,
        MaxMessageBytes = 16 * 1024 * 1024,

        // Room for a few messages at the cap from one address (an address holds at most a quarter of the budget).
        MaxBufferedBytes = 128 * 1024 * 1024,
        HandshakeTimeout = TimeSpan.FromSeconds(5),
        PingInterval = TimeSpan.Zero,
        CloseTimeout = TimeSpan.FromSeconds(2),
        MaxConnectionsPerAddress = 0,
    };

    /// <summary>
    /// Starts the host; <paramref name="decorate"/> may wrap the LED controller, e.g. to inject a fault, and
    /// <paramref name="tls"/> makes it speak TLS only, with that certificate, and <paramref name="security"/> sets the
    /// origins allowed and the token asked for.
    /// </summary>
    public static TestServer Start(ServerSettings? options = null, ILoggerFactory? loggers = null,
        Func<IMessageHandler, IMessageHandler>? decorate = null, TimeProvider? time = null, TestCertificate? tls = null,
        SecuritySettings? security = null, ButtonSettings? button = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        time ??= TimeProvider.System;
        options ??= DefaultOptions;
        ServerCertificateStore? certificates = null;
        CertificateFileWatcher? watcher = null;
        IConnectionTransportFactory transport = PlainTransportFactory.Instance;
        if (tls is not null)
        {
            CertificateLoadResult loaded = ServerCertificateStore.Load(tls.Settings, TimeProvider.System);
            Assert.True(loaded.Succeeded, loaded.Error);
            ILogger tlsLog = loggers.CreateLogger("EspWs.Tls");
            certificates = new ServerCertificateStore(tls.Settings, loaded.Certificate, tlsLog, TimeProvider.System);
            watcher = new CertificateFileWatcher(certificates, reloadOnHangup: false, tlsLog, TimeProvider.System);
            transport = new TlsTransportFactory(certificates);
        }

        var board = new SimulatedBoard(loggers, time);
        var host = new EspWsHost(board, new EspWsHostOptions { Server = options, Security = security ?? new(), Transport = transport, DecorateHandler = decorate, Button = button ?? new() }, loggers, time);
        host.Start();
        return new TestServer(host, board, certificates, watcher);
    }

    /// <summary>True when every slot is back in WaitingForClient within the timeout.</summary>
    public Task<bool> AllSlotsFreeAsync() =>
        TestTimeout.Until(() => Server.SlotStates.All(s => s == ConnectionState.WaitingForClient)
            && Server.AvailableSlots == Server.SlotStates.Count);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _certificateWatcher?.Dispose();
        Board.Dispose();
    }
}
