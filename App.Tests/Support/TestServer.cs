using System.Net;
using EspWs.App.Configuration;
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
    private readonly string _stateDirectory;

    private TestServer(EspWsHost host, SimulatedBoard board, string stateDirectory, ServerSettings options)
    {
        Host = host;
        Options = options;
        Board = board;
        _stateDirectory = stateDirectory;
    }

    public EspWsHost Host { get; }

    /// <summary>The server settings the host was started with.</summary>
    public ServerSettings Options { get; }

    public WebSocketServer Server => Host.Server;

    public LedController Controller => Host.Controller;

    public SimulatedBoard Board { get; }

    public ILed Led => Host.Led;

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    /// <summary>The certificates the server speaks TLS with (reloaded when their files change), or null for plain TCP.</summary>
    public ServerCertificateStore? Certificates => Host.Certificates;

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
    /// Starts the host; <paramref name="decorate"/> may wrap the LED controller, e.g. to inject a fault,
    /// <paramref name="tls"/> makes it speak TLS only, with that certificate, and <paramref name="security"/> sets the
    /// origins allowed and the token asked for. It keeps its LED state in a directory of its own, so no test starts
    /// with the LED another left.
    /// </summary>
    public static TestServer Start(ServerSettings? options = null, ILoggerFactory? loggers = null,
        Func<IMessageHandler, IMessageHandler>? decorate = null, TimeProvider? time = null, TestCertificate? tls = null,
        SecuritySettings? security = null, ButtonSettings? button = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        time ??= TimeProvider.System;
        string stateDirectory = Directory.CreateTempSubdirectory("espws-testserver-").FullName;
        var settings = new EspWsSettings
        {
            Server = options ?? DefaultOptions,
            Security = security ?? new SecuritySettings(),
            State = new StateSettings { Directory = stateDirectory },
            Button = button ?? new ButtonSettings(),
        };
        settings.Tls = tls?.Settings ?? settings.Tls;

        // The board joins its Wi-Fi at once, so the start completes without waiting on anything.
        var board = new SimulatedBoard(loggers, time, new SimulatedWiFiOptions { ConnectDelay = TimeSpan.Zero, IpAddress = IPAddress.Loopback });
        var host = new EspWsHost(board, settings, loggers, time, decorate);
        Task started = host.StartAsync(CancellationToken.None);
        Assert.True(started.IsCompleted, "the host's start waited for something");
        started.GetAwaiter().GetResult();
        return new TestServer(host, board, stateDirectory, settings.Server);
    }

    /// <summary>True when every connection has given its slot back within the timeout.</summary>
    public Task<bool> AllSlotsFreeAsync() => TestTimeout.Until(() => Server.AvailableSlots == Options.MaxClients);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Board.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }
}
