using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.Lifecycle;
using EspWs.App.Server;
using EspWs.App.Server.Transport;
using EspWs.App.Tls;
using EspWs.App.Web;
using EspWs.Hardware;
using EspWs.Hardware.Peripherals;
using Microsoft.Extensions.Logging;

namespace EspWs.App;

/// <summary>
/// The EspWs device app: on Initialize it lights up the board's LED driver, joins Wi-Fi and starts the
/// WebSocket server; on shutdown it closes every client with 1001 and leaves the LED off.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "OnShutdown releases the LED and the server: it is the app's disposal in Meadow's lifecycle.")]
public sealed class EspWsApp : App<IBoard>
{
    private readonly EspWsSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private Led? _led;
    private WebSocketServer? _server;
    private LedController? _controller;
    private IWiFiNetworkAdapter? _watched;
    private bool _joinedWiFi;
    private ServerCertificateStore? _certificates;
    private CertificateFileWatcher? _certificateWatcher;

    /// <summary>Creates the app for <paramref name="board"/> with validated <paramref name="settings"/>.</summary>
    public EspWsApp(IBoard board, EspWsSettings settings, IReadOnlyDictionary<string, string?> flatSettings,
        ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
        : base(board, flatSettings, cancellationToken)
    {
        _settings = settings;
        _loggers = loggers;
        _time = time;
        _log = loggers.CreateLogger("EspWs.App");
    }

    /// <summary>The running server, once <see cref="Initialize"/> has started it.</summary>
    public WebSocketServer? Server => _server;

    /// <summary>The LED the app drives, once initialized.</summary>
    public ILed? Led => _led;

    /// <inheritdoc/>
    public override async Task Initialize()
    {
        _log.LogInformation("EspWs starting on board '{Board}'.", Device.Name);
        IPin pin = ResolveLedPin();
        _led = new Led(pin, _time);

        IWiFiNetworkAdapter? wifi = Device.NetworkAdapters.Primary<IWiFiNetworkAdapter>();
        if (wifi is not null)
        {
            // Leave the network as it was found: only a connection the app made is closed at shutdown.
            _joinedWiFi = !wifi.IsConnected;
            WiFiSettings w = _settings.WiFi;
            await WiFiConnector.ConnectAsync(wifi, w.Ssid, w.Password, w.ConnectTimeout, w.MaxAttempts, _log, _time, CancellationToken);
        }

        Led led = _led;
        var status = new DeviceStatusSource(Device.Name, _settings.Server.MaxClients, _time);
        _server = new WebSocketServer(
            ServerOptionsFactory.From(_settings.Server, _settings.Security) with { TransportFactory = StartTls() },
            broadcaster => _controller = new LedController(led, broadcaster, _loggers.CreateLogger<LedController>()),
            new ControlPageEndpoint(status),
            _loggers,
            _time);
        status.Attach(_controller!, _server);
        _server.Start();
        WatchLink(wifi);
        LogUrls(_server.LocalEndPoint);
    }

    /// <inheritdoc/>
    public override Task Run()
    {
        _log.LogInformation("EspWs is running; press Ctrl+C to stop.");
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async Task OnShutdown()
    {
        _log.LogInformation("EspWs shutting down: closing clients with 1001.");
        if (_watched is not null)
        {
            _watched.NetworkDisconnected -= OnLinkLost;
            _watched.NetworkConnected -= OnLinkUp;
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _certificateWatcher?.Dispose();

        if (_led is not null)
        {
            await _led.StopAnimation();
            _led.IsOn = false;
            _led.Dispose();
            _log.LogInformation("LED left OFF.");
        }

        if (_joinedWiFi && Device.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is { IsConnected: true } wifi)
        {
            await wifi.DisconnectAsync(CancellationToken.None);
        }
    }

    /// <inheritdoc/>
    public override Task OnError(Exception e)
    {
        _log.LogError("EspWs failed: {Message}", e.Message);
        return Task.CompletedTask;
    }

    private IPin ResolveLedPin()
    {
        string name = _settings.Led.Pin;
        return Device.Pins.TryGet(name, out IPin? pin)
            ? pin
            : throw new InvalidOperationException(
                $"Led:Pin = '{name}' is not a pin of board '{Device.Name}': {string.Join(", ", Device.Pins.AllPins.Select(p => p.Name))}.");
    }

    // Plain unless both Tls keys are set; the files were checked when the configuration loaded.
    private IConnectionTransportFactory StartTls()
    {
        if (!_settings.Tls.IsEnabled)
        {
            return PlainTransportFactory.Instance;
        }

        CertificateLoadResult loaded = ServerCertificateStore.Load(_settings.Tls, _time);
        if (!loaded.Succeeded)
        {
            // Changed since the configuration was checked, a moment ago.
            throw new InvalidOperationException(loaded.Error);
        }

        ILogger tlsLog = _loggers.CreateLogger("EspWs.Tls");
        _certificates = new ServerCertificateStore(_settings.Tls, loaded.Certificate, tlsLog, _time);
        _certificateWatcher = new CertificateFileWatcher(_certificates, reloadOnHangup: true, tlsLog, _time);
        _log.LogInformation("TLS 1.2/1.3 only, certificate {Fingerprint} (SHA-256), valid until {NotAfter:yyyy-MM-dd}; replaced files or SIGHUP reload it.",
            loaded.Certificate.Fingerprint, loaded.Certificate.NotAfter);
        return new TlsTransportFactory(_certificates);
    }

    // The board's link (its Wi-Fi adapter) can drop while the app serves: clients are told, and the LED is put back when it returns.
    private void WatchLink(IWiFiNetworkAdapter? wifi)
    {
        if (wifi is null || _controller is null)
        {
            return;
        }

        _watched = wifi;
        wifi.NetworkDisconnected += OnLinkLost;
        wifi.NetworkConnected += OnLinkUp;
        if (!wifi.IsConnected)
        {
            _controller.OnBoardLinkLost();
        }
    }

    private void OnLinkLost(INetworkAdapter sender, NetworkDisconnectionEventArgs args)
    {
        _log.LogWarning("Board link lost: {Reason}", args.Reason);
        _controller?.OnBoardLinkLost();
    }

    private void OnLinkUp(INetworkAdapter sender, NetworkConnectionEventArgs args) => _controller?.OnBoardLinkRestored();

    private void LogUrls(IPEndPoint endPoint)
    {
        var hosts = new List<string>();
        if (endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            hosts.Add("localhost");
            // Only an address of this machine: the ESP32 board's adapter reports the chip's address, where the server is not.
            if (Device.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is { IsConnected: true } wifi
                && !IPAddress.IsLoopback(wifi.IpAddress) && IsLocalAddress(wifi.IpAddress))
            {
                hosts.Add(wifi.IpAddress.ToString());
            }
        }
        else
        {
            hosts.Add(endPoint.Address.ToString());
        }

        (string socket, string page) = _certificates is null ? ("ws", "http") : ("wss", "https");
        foreach (string host in hosts)
        {
            _log.LogInformation("Listening on {Scheme}://{Host}:{Port}/ (control page: {PageScheme}://{Host}:{Port}/)",
                socket, host, endPoint.Port, page, host, endPoint.Port);
        }
    }

    private static bool IsLocalAddress(IPAddress address)
    {
        try
        {
            return System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Any(u => u.Address.Equals(address));
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return false;
        }
    }
}
