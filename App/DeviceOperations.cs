using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.PowerOn;
using EspWs.App.Systemd;
using EspWs.App.Tls;
using Microsoft.Extensions.Logging;

namespace EspWs.App;

/// <summary>
/// What the app process needs to run for months beside its <see cref="EspWsHost"/>: the LED's power-on state kept
/// across restarts, and systemd's readiness and watchdog notifications (the host itself serves metrics and health).
/// </summary>
public sealed class DeviceOperations : IAsyncDisposable
{
    private readonly EspWsSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly SystemdNotifier? _systemd;
    private LedStateKeeper? _keeper;
    private ServiceWatchdog? _watchdog;

    /// <summary>Prepares the operations for <paramref name="settings"/>, reading <c>STATE_DIRECTORY</c> and <c>NOTIFY_SOCKET</c> from <paramref name="environment"/>.</summary>
    public DeviceOperations(EspWsSettings settings, ILoggerFactory loggers, TimeProvider time, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        _settings = settings;
        _loggers = loggers;
        _time = time;
        _log = loggers.CreateLogger("EspWs.App.Operations");
        environment ??= Environment.GetEnvironmentVariable;
        StateFile = new LedStateFile(StateDirectoryPath.Resolve(settings.State.Directory, environment("STATE_DIRECTORY"), AppContext.BaseDirectory));
        _systemd = SystemdNotifier.FromEnvironment(environment);
    }

    /// <summary>The file the LED's last commanded state is kept in.</summary>
    public LedStateFile StateFile { get; }

    /// <summary>
    /// Before the server starts: puts the LED back as <c>Led:PowerOnState</c> says, with the kept <c>seq</c>, and keeps
    /// every later change of <paramref name="controller"/> in the state file.
    /// </summary>
    public void RestorePowerOnState(LedController controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        LedState? kept = StateFile.Read(_log);
        _keeper = new LedStateKeeper(StateFile, kept, _loggers.CreateLogger<LedStateKeeper>(), _time);
        controller.Changed += _keeper.OnChanged;
        controller.Restore(PowerOnPolicy.Decide(_settings.Led.PowerOnState, kept));
    }

    /// <summary>
    /// Once the server listens on <paramref name="endPoint"/> (over TLS with <paramref name="certificates"/> when not
    /// null): tells systemd the service is ready and starts the watchdog pings it asked for.
    /// </summary>
    public void OnListening(IPEndPoint endPoint, ServerCertificateStore? certificates)
    {
        if (_systemd is null)
        {
            return;
        }

        _systemd.Notify("READY=1\nSTATUS=serving");
        if (_systemd.WatchdogInterval is { } interval && _watchdog is null)
        {
            _watchdog = new ServiceWatchdog(_systemd, new ListenerProbe(endPoint, certificates), interval, _log);
            _log.LogInformation("systemd watchdog: a ping every {Interval} while the listener answers.", interval);
        }
    }

    /// <summary>At shutdown, before the server stops: tells systemd, stops the pings.</summary>
    public async Task OnStoppingAsync()
    {
        _systemd?.Notify("STOPPING=1");
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync();
            _watchdog = null;
        }
    }

    /// <summary>After the server stopped: writes the last change still waiting (bounded), then lets go of the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync();
        }

        if (_keeper is not null)
        {
            await _keeper.DisposeAsync();
        }

        _systemd?.Dispose();
    }
}
