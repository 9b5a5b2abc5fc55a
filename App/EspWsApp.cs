using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.Lifecycle;
using EspWs.App.Mqtt;
using EspWs.App.Server;
using EspWs.App.Server.Transport;
using EspWs.App.Tls;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;

namespace EspWs.App;

/// <summary>
/// The EspWs device app in Meadow's lifecycle: on Initialize it builds the <see cref="EspWsHost"/>, joins Wi-Fi, starts
/// the host and, when configured, the MQTT link, and watches the board's link; on shutdown it publishes MQTT offline,
/// then stops the host (clients closed with 1001, the LED left off).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "OnShutdown disposes the host: it is the app's disposal in Meadow's lifecycle.")]
public sealed class EspWsApp : App<IBoard>
{
    private readonly EspWsSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private EspWsHost? _host;
    private MqttLink? _mqtt;
    private DeviceOperations? _operations;
    private IWiFiNetworkAdapter? _watched;
    private bool _joinedWiFi;
    private ServerCertificateStore? _certificates;
    private CertificateFileWatcher? _certificateWatcher;

    /// <summary>Creates the app for <paramref name="board"/> with validated <paramref name="settings"/>.</summary>
    public EspWsApp(IBoard board, EspWsSettings settings, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
        : base(board, cancellationToken)
    {
        _settings = settings;
        _loggers = loggers;
        _time = time;
        _log = loggers.CreateLogger("EspWs.App");
    }

    /// <summary>The LED, controller, server and status the app runs, once <see cref="Initialize"/> has built them.</summary>
    public EspWsHost? Host => _host;

    /// <summary>The running server, once <see cref="Initialize"/> has started it.</summary>
    public WebSocketServer? Server => _host?.Server;

    /// <summary>The LED the app drives, once initialized.</summary>
    public ILed? Led => _host?.Led;

    /// <summary>The link to the MQTT broker, once initialized with <c>Mqtt:Host</c> set; null while MQTT is off.</summary>
    public MqttLink? Mqtt => _mqtt;

    /// <inheritdoc/>
    public override async Task Initialize()
    {
        _log.LogInformation("EspWs starting on board '{Board}'.", Device.Name);
        EspWsHostOptions options = EspWsHostOptions.From(_settings);
        _host = new EspWsHost(Device, options with { Transport = StartTls() }, _loggers, _time);

        IWiFiNetworkAdapter? wifi = Device.NetworkAdapters.Primary<IWiFiNetworkAdapter>();
        if (wifi is not null)
        {
            // Leave the network as it was found: only a connection the app made is closed at shutdown.
            _joinedWiFi = !wifi.IsConnected;
            WiFiSettings w = _settings.WiFi;
            await WiFiConnector.ConnectAsync(wifi, w.Ssid, w.Password, w.ConnectTimeout, w.MaxAttempts, _log, _time, CancellationToken);
        }

        _operations = new DeviceOperations(_settings, _loggers, _time);
        _operations.RestorePowerOnState(_host.Controller);
        _mqtt = MqttLinkFactory.StartFor(_host, _settings.Mqtt, _loggers);
        _host.Start();
        WatchLink(wifi, _host.Controller);
        LogUrls(_host.EndPoint);
    }

    /// <inheritdoc/>
    public override Task Run()
    {
        _log.LogInformation("EspWs is running; press Ctrl+C to stop.");
        if (_host is not null)
        {
            _operations?.OnListening(_host.EndPoint, _certificates);
        }

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

        // Offline goes out first, while the broker is still reachable; the will would say it too, but only after a keepalive.
        if (_mqtt is not null)
        {
            await _mqtt.DisposeAsync();
        }

        _certificateWatcher?.Dispose();

        if (_operations is not null)
        {
            await _operations.OnStoppingAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_operations is not null)
        {
            // The host left the LED off for shutdown; that is not a command, so the file keeps the last one.
            await _operations.DisposeAsync();
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
    private void WatchLink(IWiFiNetworkAdapter? wifi, LedController controller)
    {
        if (wifi is null)
        {
            return;
        }

        _watched = wifi;
        wifi.NetworkDisconnected += OnLinkLost;
        wifi.NetworkConnected += OnLinkUp;
        if (!wifi.IsConnected)
        {
            controller.OnBoardLinkLost();
        }
    }

    private void OnLinkLost(INetworkAdapter sender, NetworkDisconnectionEventArgs args)
    {
        _log.LogWarning("Board link lost: {Reason}", args.Reason);
        _host?.Controller.OnBoardLinkLost();
    }

    private void OnLinkUp(INetworkAdapter sender, NetworkConnectionEventArgs args) => _host?.Controller.OnBoardLinkRestored();
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
