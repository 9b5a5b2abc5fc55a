using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.Lifecycle;
using EspWs.App.Server;
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

        if (Device.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is { } wifi)
        {
            WiFiSettings w = _settings.WiFi;
            await WiFiConnector.ConnectAsync(wifi, w.Ssid, w.Password, w.ConnectTimeout, w.MaxAttempts, _log, _time, CancellationToken);
        }

        Led led = _led;
        LedController? controller = null;
        var status = new DeviceStatusSource(Device.Name, _settings.Server.MaxClients, _time);
        _server = new WebSocketServer(
            ServerOptionsFactory.From(_settings.Server, _settings.Security),
            broadcaster => controller = new LedController(led, broadcaster, _loggers.CreateLogger<LedController>()),
            new ControlPageEndpoint(status),
            _loggers,
            _time);
        status.Attach(controller!, _server);
        _server.Start();
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
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_led is not null)
        {
            await _led.StopAnimation();
            _led.IsOn = false;
            _led.Dispose();
            _log.LogInformation("LED left OFF.");
        }

        if (Device.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is { IsConnected: true } wifi)
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

    private void LogUrls(IPEndPoint endPoint)
    {
        var hosts = new List<string>();
        if (endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            hosts.Add("localhost");
            if (Device.NetworkAdapters.Primary<IWiFiNetworkAdapter>() is { IsConnected: true } wifi
                && !IPAddress.IsLoopback(wifi.IpAddress))
            {
                hosts.Add(wifi.IpAddress.ToString());
            }
        }
        else
        {
            hosts.Add(endPoint.Address.ToString());
        }

        foreach (string host in hosts)
        {
            _log.LogInformation("Listening on ws://{Host}:{Port}/ (control page: http://{Host}:{Port}/)", host, endPoint.Port, host, endPoint.Port);
        }
    }
}
