using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.Health;
using EspWs.App.Metrics;
using EspWs.App.PowerOn;
using EspWs.App.Server;
using EspWs.App.Systemd;
using EspWs.App.Web;
using Microsoft.Extensions.Logging;

namespace EspWs.App;

/// <summary>
/// What running the device for months needs beside serving: the power-on state kept across restarts, the metrics,
/// the health check and the systemd notifications; wired around a controller and a server it does not own.
/// </summary>
public sealed class DeviceOperations : IAsyncDisposable
{
    private readonly EspWsSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly LedChangeTally _ledChanges = new();
    private readonly SystemdNotifier? _systemd;
    private LedStateKeeper? _keeper;
    private EspWsMetrics? _metrics;
    private ServiceWatchdog? _watchdog;
    private WebSocketServer? _server;
    private volatile bool _listening;

    /// <summary>Prepares the operations for <paramref name="settings"/>; <paramref name="boardLinkUp"/> reads the board's link.</summary>
    public DeviceOperations(EspWsSettings settings, Func<bool> boardLinkUp, ILoggerFactory loggers, TimeProvider time,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        _settings = settings;
        _loggers = loggers;
        _time = time;
        _log = loggers.CreateLogger("EspWs.App.Operations");
        environment ??= Environment.GetEnvironmentVariable;
        BoardLinkUp = boardLinkUp;
        StateFile = new LedStateFile(StateDirectoryPath.Resolve(settings.State.Directory, environment("STATE_DIRECTORY"), AppContext.BaseDirectory));
        _systemd = SystemdNotifier.FromEnvironment(environment);
        Health = new HealthCheck(() => _listening, boardLinkUp);
    }

    /// <summary>The file the LED's last commanded state is kept in.</summary>
    public LedStateFile StateFile { get; }

    /// <summary>Whether the device is up, as <c>/healthz</c> answers.</summary>
    public HealthCheck Health { get; }

    /// <summary>Reads whether the board's link is up.</summary>
    public Func<bool> BoardLinkUp { get; }

    /// <summary>The app's figures (the EspWs Meter's instruments), once <see cref="Attach"/> has run.</summary>
    public IReadOnlyList<MetricFamily> Metrics => _metrics?.Families ?? [];

    /// <summary>Wraps the control page's endpoint with <c>/metrics</c>, <c>/healthz</c> and the token on <c>/status</c>.</summary>
    public OperationsEndpoint WrapEndpoint(IHttpEndpoint controlPage) => new(controlPage, Health, _settings.Security.Token);

    /// <summary>
    /// Before the server starts: puts the LED back as <c>Led:PowerOnState</c> says, keeps every later change, and
    /// publishes the metrics of <paramref name="controller"/> and <paramref name="server"/> through <paramref name="endpoint"/>.
    /// </summary>
    public void Attach(LedController controller, WebSocketServer server, OperationsEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(endpoint);
        _server = server;
        LedState? kept = StateFile.Read(_log);
        _keeper = new LedStateKeeper(StateFile, kept, _loggers.CreateLogger<LedStateKeeper>(), _time);
        controller.Changed += _keeper.OnChanged;
        controller.Changed += _ledChanges.OnChanged;
        controller.Restore(PowerOnPolicy.Decide(_settings.Led.PowerOnState, kept));

        _metrics = new EspWsMetrics(new MetricSources(server.Counters, () => server.ConnectedCount, () => controller.State, BoardLinkUp, _ledChanges));
        endpoint.Attach(_metrics.Families);
    }

    /// <summary>Once the server listens: tells systemd the service is ready and starts the watchdog pings it asked for.</summary>
    public void OnListening()
    {
        _listening = true;
        if (_systemd is null || _server is null)
        {
            return;
        }

        _systemd.Notify("READY=1\nSTATUS=serving");
        if (_systemd.WatchdogInterval is { } interval && _watchdog is null)
        {
            _watchdog = new ServiceWatchdog(_systemd, _server.LocalEndPoint, interval, _log);
            _log.LogInformation("systemd watchdog: a ping every {Interval} while the listener answers.", interval);
        }
    }

    /// <summary>At shutdown, before the server stops: tells systemd, stops the pings.</summary>
    public async Task OnStoppingAsync()
    {
        _listening = false;
        _systemd?.Notify("STOPPING=1");
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync();
            _watchdog = null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await OnStoppingAsync();
        if (_keeper is not null)
        {
            await _keeper.DisposeAsync();
        }

        _metrics?.Dispose();
        _systemd?.Dispose();
    }
}
