using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Boards;
using EspWs.App.Control;
using EspWs.App.Discovery;
using EspWs.App.Health;
using EspWs.App.Lifecycle;
using EspWs.App.Metrics;
using EspWs.App.Mqtt;
using EspWs.App.PowerOn;
using EspWs.App.Server;
using EspWs.App.Server.Transport;
using EspWs.App.Systemd;
using EspWs.App.Tls;
using EspWs.App.Web;
using EspWs.Hardware;
using EspWs.Hardware.Boards;
using EspWs.Hardware.Boards.Simulated;
using EspWs.Hardware.Peripherals;
using Microsoft.Extensions.Logging;

namespace EspWs.App;

/// <summary>
/// The one composition root: everything the app runs, built from its settings on a board and started and stopped in
/// one order. The app, the tests and the benchmarks build through it.
/// </summary>
/// <remarks>
/// <para>Built: the LED on <c>Led:Pin</c>, the LED controller, the certificate store (when <c>Tls</c> is set), the
/// WebSocket server and the status, health and metrics it serves, the MQTT link (when <c>Mqtt:Host</c> is set), the
/// Wi-Fi link (when the board has an adapter), the mDNS/DNS-SD announcer (unless <c>Discovery:Enabled</c> is false) and
/// the systemd notifier (when systemd gave a socket).</para>
/// <para>They start and stop in one order, which <see cref="StartAsync"/> and <see cref="StopAsync"/> give.</para>
/// <para>Nothing in it is static and an idle host holds no thread, so one process can run many hosts (port 0 picks a
/// free port each). The board is borrowed: whoever made it disposes it.</para>
/// </remarks>
public sealed partial class EspWsHost : IAsyncDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly EspWsSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly ILed _led;
    private readonly PushButton? _button;
    private readonly ButtonDoor? _buttonDoor;
    private readonly LedChangeTally _ledChanges = new();
    private readonly ButtonPressTally _buttonPresses = new();
    private readonly EspWsMetrics _metrics;
    private readonly WiFiLink? _wifi;
    private readonly SystemdNotifier? _systemd;
    private readonly DeviceAnnouncer? _announcer;

    /// <summary>
    /// Builds everything for validated <paramref name="settings"/> on <paramref name="board"/>; nothing runs until
    /// <see cref="StartAsync"/>. <paramref name="decorateHandler"/> wraps the LED controller as the server's message handler
    /// (a test's fault injection).
    /// </summary>
    /// <exception cref="InvalidOperationException">The <c>Tls</c> files no longer load; the message says why.</exception>
    /// <exception cref="BoardUnavailableException">The board has no pin named <c>Led:Pin</c> or <c>Button:Pin</c>, or the pin cannot serve; the one line names the key.</exception>
    public EspWsHost(IBoard board, EspWsSettings settings, ILoggerFactory loggers, TimeProvider time,
        Func<IMessageHandler, IMessageHandler>? decorateHandler = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(time);
        Board = board;
        _settings = settings;
        _loggers = loggers;
        _time = time;
        _log = loggers.CreateLogger("EspWs.App");
        Certificates = LoadCertificates();
        _led = BoardPeripherals.OpenLed(board, "Led:Pin", settings.Led.Pin, time, _log);
        try
        {
            _button = OpenButton();
            IConnectionTransportFactory transport = Certificates is null ? PlainTransportFactory.Instance : new TlsTransportFactory(Certificates);
            // The name people know the device by: its MQTT node id when given, else the machine's.
            string name = settings.Mqtt.NodeId.Length > 0 ? settings.Mqtt.NodeId : Environment.MachineName;
            Status = new DeviceStatusSource(board.Name, name, settings.Server.MaxClients, BoardLinkUp, time);
            Health = new HealthCheck(() => _listening, BoardLinkUp);
            var http = new OperationsEndpoint(new ControlPageEndpoint(Status), Health, settings.Security.Token);
            Func<IMessageHandler, IMessageHandler> decorate = decorateHandler ?? (handler => handler);
            LedController? controller = null;
            Server = new WebSocketServer(
                settings.Server,
                settings.Security,
                transport,
                broadcaster => decorate(PressableOnPage(controller = new LedController(_led, broadcaster, loggers.CreateLogger<LedController>(),
                    settings.Led.MaxQueuedCommands, time, settings.Led.FadeStepInterval))),
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
            Devices = new DeviceDirectory(settings.Discovery.MaxDevices, time);
            http.Attach(Devices);
            if (_button is not null)
            {
                _buttonDoor = new ButtonDoor(_button, Controller, settings.Button, time, loggers.CreateLogger<ButtonDoor>());
                Status.AttachButton();
            }

            Mqtt = CreateMqttLink();
            if (board.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is { } adapter)
            {
                _wifi = new WiFiLink(adapter, settings.WiFi, Controller, _log, time);
            }

            _systemd = SystemdNotifier.FromEnvironment(Environment.GetEnvironmentVariable);
            _announcer = settings.Discovery.Enabled ? new DeviceAnnouncer(settings, board.Name, Devices, Certificates, loggers, time) : null;
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

    /// <summary>The WebSocket server; its endpoint is known once <see cref="StartAsync"/> has returned.</summary>
    public WebSocketServer Server { get; }

    /// <summary>The certificates the server speaks TLS with (reloaded when their files change), or null when it speaks plain TCP.</summary>
    public ServerCertificateStore? Certificates { get; }

    /// <summary>The link to the MQTT broker, or null when <c>Mqtt:Host</c> is empty.</summary>
    public MqttLink? Mqtt { get; }

    /// <summary>The source of <c>GET /status</c>, reading the board, the controller and the server.</summary>
    public DeviceStatusSource Status { get; }

    /// <summary>The other EspWs devices heard on the network, served at <c>GET /devices</c>; filled by the discovery adapter.</summary>
    public DeviceDirectory Devices { get; }

    /// <summary>Whether the host serves as it should (the listener and the board's link up), as <c>GET /healthz</c> answers.</summary>
    public HealthCheck Health { get; }

    /// <summary>The figures the EspWs Meter publishes and <c>GET /metrics</c> serves (docs/operations.md).</summary>
    public IReadOnlyList<MetricFamily> Metrics => _metrics.Families;

    /// <summary>The address and port the server listens on, once started.</summary>
    public IPEndPoint EndPoint => Server.LocalEndPoint;

    // Plain unless the Tls keys are set; the files were checked when the configuration loaded.
    private ServerCertificateStore? LoadCertificates()
    {
        if (!_settings.Tls.IsEnabled)
        {
            return null;
        }

        CertificateLoadResult loaded = ServerCertificateStore.Load(_settings.Tls, _time);
        if (!loaded.Succeeded)
        {
            // Changed since the configuration was checked, a moment ago.
            throw new InvalidOperationException(loaded.Error);
        }

        _log.LogInformation("TLS 1.2/1.3 only, certificate {Fingerprint} (SHA-256), valid until {NotAfter:yyyy-MM-dd}; replaced files or SIGHUP reload it.",
            loaded.Certificate.Fingerprint, loaded.Certificate.NotAfter);
        return new ServerCertificateStore(_settings.Tls, loaded.Certificate, _loggers.CreateLogger("EspWs.Tls"), _time);
    }

    private MqttLink? CreateMqttLink()
    {
        MqttSettings mqtt = _settings.Mqtt;
        if (mqtt.Host.Length == 0)
        {
            return null;
        }

        var link = new MqttLink(Controller, mqtt, MqttTopics.From(mqtt, Environment.MachineName), Board.Name, AppVersion.Text,
            _loggers.CreateLogger<MqttLink>(), _time, hasButton: _button is not null);
        Status.AttachMqtt(link);
        return link;
    }

    // The board's link is its primary network adapter (the ESP32's Firmata link, a Linux board's interface); a board
    // without one has no link to lose.
    private bool BoardLinkUp() => Board.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is not { IsConnected: false };

    private PushButton? OpenButton()
    {
        ButtonSettings button = _settings.Button;
        if (button.Pin.Length == 0)
        {
            return null;
        }

        PushButton opened = BoardPeripherals.OpenButton(Board, "Button:Pin", button.Pin, _time);
        opened.DebounceDuration = button.DebounceDuration;
        if (_led is not IPwmLed && button is { Click: >= ButtonAction.BrightnessUp } or { DoubleClick: >= ButtonAction.BrightnessUp } or { LongClick: >= ButtonAction.BrightnessUp })
        {
            _log.LogWarning("Button: BrightnessUp and BrightnessDown do nothing here, as the LED on Led:Pin cannot dim; the presses are still told.");
        }

        return opened;
    }

    // The simulated board's button can be held down from the control page, so it can be tried without hardware.
    private IMessageHandler PressableOnPage(LedController controller) =>
        _button is not null && Board is SimulatedBoard simulated ? new SimulatedButtonPresser(controller, simulated, _button.Port.Pin) : controller;
}
