using System.Net;
using EspWs.App.Control;
using EspWs.App.Health;
using EspWs.App.Metrics;
using EspWs.App.Server;
using EspWs.App.Web;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
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
    private readonly ILed _led;
    private readonly PushButton? _button;
    private readonly ButtonDoor? _buttonDoor;
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
        _led = CreateLed(ResolvePin(board, options.LedPin, "Led:Pin"), time);
        try
        {
            _button = CreateButton(board, options.Button, time);
            Status = new DeviceStatusSource(board.Name, options.Server.MaxClients, time);
            Health = new HealthCheck(() => _listening, BoardLinkUp);
            var http = new OperationsEndpoint(new ControlPageEndpoint(Status), Health, options.Security.Token);
            Func<IMessageHandler, IMessageHandler> decorate = options.DecorateHandler ?? (handler => handler);
            LedController? controller = null;
            Server = new WebSocketServer(
                options.Server,
                options.Security,
                options.Transport,
                broadcaster => decorate(PressableOnPage(controller = new LedController(_led, broadcaster, loggers.CreateLogger<LedController>(),
                    options.MaxQueuedCommands, time, options.FadeStepInterval))),
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
            if (_button is not null)
            {
                _buttonDoor = new ButtonDoor(_button, Controller, options.Button, time, loggers.CreateLogger<ButtonDoor>());
                Status.AttachButton();
                WarnOfStepsThatCannotDim(options.Button);
            }
        }
        catch
        {
            _button?.Dispose();
            ((IDisposable)_led).Dispose();
            throw;
        }
    }

    /// <summary>The board the host drives; borrowed, never disposed by the host.</summary>
    public IBoard Board { get; }

    /// <summary>The LED on the board's <c>Led:Pin</c>; write it only through <see cref="Controller"/>, so clients hear of it.</summary>
    public ILed Led => _led;

    /// <summary>The push button on <c>Button:Pin</c>, which acts through <see cref="Controller"/>; null when no pin is set.</summary>
    public IButton? Button => _button;

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
        _buttonDoor?.Dispose();
        _button?.Dispose();
        await Server.DisposeAsync();
        _metrics.Dispose();
        ((IDisposable)_led).Dispose();
    }

    // The board's link is its primary network adapter (the ESP32's Firmata link, a Linux board's interface); a board
    // without one has no link to lose.
    private bool BoardLinkUp() => Board.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is not { IsConnected: false };

    private static IPin ResolvePin(IBoard board, string name, string key) =>
        board.Pins.TryGet(name, out IPin? pin)
            ? pin
            : throw new InvalidOperationException(
                $"{key} = '{name}' is not a pin of board '{board.Name}': {string.Join(", ", board.Pins.AllPins.Select(p => p.Name))}.");

    // A pin that cannot do PWM keeps working as an on/off LED; /status says dimmable: false and brightness commands are answered so.
    private ILed CreateLed(IPin pin, TimeProvider time)
    {
        try
        {
            return new PwmLed(pin, time);
        }
        catch (NotSupportedException ex)
        {
            _log.LogInformation("Led:Pin {Pin} cannot dim on board '{Board}' ({Reason}); the LED switches on and off only.", pin.Name, Board.Name, ex.Message);
            return new Led(pin, time);
        }
    }

    private static PushButton? CreateButton(IBoard board, Configuration.ButtonSettings settings, TimeProvider time)
    {
        if (settings.Pin.Length == 0)
        {
            return null;
        }

        IPin pin = ResolvePin(board, settings.Pin, "Button:Pin");
        try
        {
            return new PushButton(pin, ResistorMode.InternalPullUp, time) { DebounceDuration = settings.DebounceDuration };
        }
        catch (NotSupportedException ex)
        {
            throw new InvalidOperationException($"Button:Pin = '{settings.Pin}' cannot take a push button on board '{board.Name}': {ex.Message}", ex);
        }
    }

    // The simulated board's button can be held down from the control page, so it can be tried without hardware.
    private IMessageHandler PressableOnPage(LedController controller) =>
        _button is not null && Board is SimulatedBoard simulated ? new SimulatedButtonPresser(controller, simulated, _button.Port.Pin) : controller;

    private void WarnOfStepsThatCannotDim(Configuration.ButtonSettings settings)
    {
        Configuration.ButtonAction[] actions = [settings.Click, settings.DoubleClick, settings.LongClick];
        if (!Controller.IsDimmable && actions.Any(a => a is Configuration.ButtonAction.BrightnessUp or Configuration.ButtonAction.BrightnessDown))
        {
            _log.LogWarning("Button: BrightnessUp and BrightnessDown do nothing here, as the LED on Led:Pin cannot dim; the presses are still told.");
        }
    }
}
