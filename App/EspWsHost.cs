using System.Net;
using EspWs.App.Control;
using EspWs.App.Health;
using EspWs.App.Metrics;
using EspWs.App.Server;
using EspWs.App.Web;
using EspWs.Hardware;
using EspWs.Hardware.Peripherals;
using Microsoft.Extensions.Logging;

namespace EspWs.App;

/// <summary>
/// The one composition root: the LED on the board's pin, the LED controller, the WebSocket server and the status it
/// serves, built together and started and stopped together. The app, the tests and the benchmarks build through it.
/// </summary>
/// <remarks>
/// Nothing in it is static and an idle host holds no thread, so one process can run many hosts (port 0 picks a free
/// port each). The board is borrowed: whoever made it disposes it. Adapters (MQTT, metrics, the power-on state) reach
/// the LED through <see cref="Controller"/> and follow its <see cref="LedController.Changed"/>.
/// </remarks>
public sealed class EspWsHost : IAsyncDisposable
{
    private readonly Led _led;
    private readonly ILogger _log;
    private readonly TimeSpan _drainTimeout;
    private readonly LedChangeTally _ledChanges = new();
    private readonly ButtonPressTally _buttonPresses = new();
    private readonly EspWsMetrics _metrics;
    private volatile bool _listening;
    private int _stopped;

    /// <summary>Builds everything on <paramref name="board"/>; nothing listens until <see cref="Start"/>.</summary>
    /// <exception cref="InvalidOperationException">The board has no pin named <see cref="EspWsHostOptions.LedPin"/>; the message names <c>Led:Pin</c> and the board's pins.</exception>
    public EspWsHost(IBoard board, EspWsHostOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(time);
        Board = board;
        _log = loggers.CreateLogger("EspWs.App");
        _drainTimeout = options.DrainTimeout;
        _led = new Led(ResolvePin(board, options.LedPin), time);
        try
        {
            Status = new DeviceStatusSource(board.Name, options.Server.MaxClients, time);
            Health = new HealthCheck(() => _listening, BoardLinkUp);
            var http = new OperationsEndpoint(new ControlPageEndpoint(Status), Health, options.Security.Token);
            Func<IMessageHandler, IMessageHandler> decorate = options.DecorateHandler ?? (handler => handler);
            LedController? controller = null;
            Server = new WebSocketServer(
                options.Server,
                options.Security,
                options.Transport,
                broadcaster => decorate(controller = new LedController(_led, broadcaster, loggers.CreateLogger<LedController>(), options.MaxQueuedCommands,
                    time, options.FadeStepInterval)),
                http,
                loggers,
                time);
            Controller = controller!;
            Status.Attach(Controller, Server);
            // Subscribed before anyone can restore or command the LED, so every change is counted.
            Controller.Changed += _ledChanges.OnChanged;
            Controller.ButtonPressed += _buttonPresses.OnPressed;
            _metrics = new EspWsMetrics(new MetricSources(Server.Counters, () => Server.ConnectedCount, () => Controller.State, BoardLinkUp, _ledChanges,
                () => Status.MqttState, _buttonPresses));
            http.Attach(_metrics.Families);
        }
        catch
        {
            _led.Dispose();
            throw;
        }
    }

    /// <summary>The board the host drives; borrowed, never disposed by the host.</summary>
    public IBoard Board { get; }

    /// <summary>The LED on the board's <c>Led:Pin</c>; write it only through <see cref="Controller"/>, so clients hear of it.</summary>
    public ILed Led => _led;

    /// <summary>The one truth about the LED, which every door to it calls and follows.</summary>
    public LedController Controller { get; }

    /// <summary>The WebSocket server; its endpoint is known once <see cref="Start"/> has returned.</summary>
    public WebSocketServer Server { get; }

    /// <summary>The source of <c>GET /status</c>, reading the board, the controller and the server.</summary>
    public DeviceStatusSource Status { get; }

    /// <summary>Whether the host serves as it should (the listener and the board's link up), as <c>GET /healthz</c> answers.</summary>
    public HealthCheck Health { get; }

    /// <summary>The figures the EspWs Meter publishes and <c>GET /metrics</c> serves (docs/operations.md).</summary>
    public IReadOnlyList<MetricFamily> Metrics => _metrics.Families;

    /// <summary>The address and port the server listens on, once started.</summary>
    public IPEndPoint EndPoint => Server.LocalEndPoint;

    /// <summary>Starts listening; throws <see cref="System.Net.Sockets.SocketException"/> when the address is taken.</summary>
    public void Start()
    {
        Server.Start();
        _listening = true;
    }

    /// <summary>
    /// Applies the LED changes already queued, closes every client with 1001 (going away), then leaves the LED off;
    /// each wait is bounded. Later calls do nothing.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _listening = false;

        if (!await Controller.WhenAppliedAsync(_drainTimeout))
        {
            _log.LogWarning("LED changes were still queued after {Timeout}; closing clients anyway.", _drainTimeout);
        }

        await Server.StopAsync();

        // Commands that arrived while clients were closing are applied before the LED goes off, not after.
        await Controller.WhenAppliedAsync(_drainTimeout);
        Controller.StopFading();
        await _led.StopAnimation();
        _led.IsOn = false;
        _log.LogInformation("LED left OFF.");
    }

    /// <summary>Stops (see <see cref="StopAsync"/>), then releases the server's slots and the LED's port.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Server.DisposeAsync();
        _metrics.Dispose();
        _led.Dispose();
    }

    // The board's link is its primary network adapter (the ESP32's Firmata link, a Linux board's interface); a board
    // without one has no link to lose.
    private bool BoardLinkUp() => Board.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is not { IsConnected: false };

    private static IPin ResolvePin(IBoard board, string name) =>
        board.Pins.TryGet(name, out IPin? pin)
            ? pin
            : throw new InvalidOperationException(
                $"Led:Pin = '{name}' is not a pin of board '{board.Name}': {string.Join(", ", board.Pins.AllPins.Select(p => p.Name))}.");
}
