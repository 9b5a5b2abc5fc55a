using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Lifecycle;
using EspWs.App.Server;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;

namespace EspWs.App;

/// <summary>
/// The EspWs device app in Meadow's lifecycle: on Initialize it builds the <see cref="EspWsHost"/>, starts it and says
/// where it listens; on shutdown it stops the host (MQTT offline, clients closed with 1001, the LED left off).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "OnShutdown disposes the host: it is the app's disposal in Meadow's lifecycle.")]
public sealed class EspWsApp : App<IBoard>
{
    private readonly EspWsSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    /// <summary>Creates the app for <paramref name="board"/> with validated <paramref name="settings"/>.</summary>
    public EspWsApp(IBoard board, EspWsSettings settings, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
        : base(board, cancellationToken)
    {
        _settings = settings;
        _loggers = loggers;
        _time = time;
        _log = loggers.CreateLogger("EspWs.App");
    }

    /// <summary>Everything the app runs, once <see cref="Initialize"/> has built it.</summary>
    public EspWsHost? Host { get; private set; }

    /// <inheritdoc/>
    public override async Task Initialize()
    {
        _log.LogInformation("EspWs starting on board '{Board}'.", Device.Name);
        Host = new EspWsHost(Device, _settings, _loggers, _time);
        await Host.StartAsync(CancellationToken);
        LogUrls(Host.EndPoint, Host.Certificates is not null);
    }

    /// <inheritdoc/>
    public override Task Run()
    {
        _log.LogInformation("EspWs is running; press Ctrl+C to stop.");
        // The start's garbage (configuration, YAML, JSON, the first JIT's objects: about 1 MiB) would otherwise stay
        // committed for as long as the device idles, since an idle app allocates too little to start a collection.
        HeapGiveBack.GiveBackNow(_log, LogLevel.Debug, "Started");
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async Task OnShutdown()
    {
        _log.LogInformation("EspWs shutting down: closing clients with 1001.");
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }

    /// <inheritdoc/>
    public override Task OnError(Exception e)
    {
        _log.LogError("EspWs failed: {Message}", e.Message);
        return Task.CompletedTask;
    }

    private void LogUrls(IPEndPoint endPoint, bool tls)
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

        (string socket, string page) = tls ? ("wss", "https") : ("ws", "http");
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
