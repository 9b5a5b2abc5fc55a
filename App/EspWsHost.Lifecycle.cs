using EspWs.App.Control;
using EspWs.App.PowerOn;
using EspWs.App.Systemd;
using EspWs.App.Tls;
using Microsoft.Extensions.Logging;

namespace EspWs.App;

/// <summary>The host's start and stop: the one place that orders every part.</summary>
public sealed partial class EspWsHost
{
    private volatile bool _listening;
    private int _stopped;
    private LedStateKeeper? _keeper;
    private CertificateFileWatcher? _certificateWatcher;
    private ServiceWatchdog? _watchdog;

    /// <summary>
    /// Starts everything, in this order: joins Wi-Fi; puts the LED back in its power-on state (<c>Led:PowerOnState</c>)
    /// and keeps each later change in the state file; watches the certificate files; starts the MQTT link in the
    /// background; listens; announces the device on the network; follows the board's link; tells systemd the service is ready and starts its watchdog pings.
    /// </summary>
    /// <remarks>Throws the last Wi-Fi attempt's error when the network cannot be joined, and a <see cref="System.Net.Sockets.SocketException"/> when the address is taken.</remarks>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_wifi is not null)
        {
            await _wifi.JoinAsync(cancellationToken);
        }

        RestorePowerOnState();
        if (Certificates is not null)
        {
            _certificateWatcher = new CertificateFileWatcher(Certificates, reloadOnHangup: true, _loggers.CreateLogger("EspWs.Tls"), _time);
        }

        Mqtt?.Start();
        Server.Start();
        _listening = true;
        if (_announcer is not null)
        {
            await _announcer.StartAsync(EndPoint);
        }

        _wifi?.Follow();
        NotifyReady();
    }

    /// <summary>
    /// Stops everything, in this order: tells systemd the service is stopping and ends the pings; says goodbye on the
    /// network (so no client follows the announcement to a closing port); publishes MQTT offline
    /// (while the broker is still reachable) and leaves it; stops watching the certificate files; applies the LED changes
    /// already queued; closes every client with 1001 (going away); leaves the LED off; writes the last commanded state;
    /// leaves the Wi-Fi network if the host joined it. Each wait is bounded; later calls do nothing.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _listening = false;
        _systemd?.Notify("STOPPING=1");
        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync();
        }

        if (_announcer is not null)
        {
            await _announcer.DisposeAsync();
        }

        if (Mqtt is not null)
        {
            await Mqtt.DisposeAsync();
        }

        _certificateWatcher?.Dispose();
        if (!await Controller.WhenAppliedAsync(DrainTimeout))
        {
            _log.LogWarning("LED changes were still queued after {Timeout}; closing clients anyway.", DrainTimeout);
        }

        await Server.StopAsync();

        // Commands that arrived while clients were closing are applied before the LED goes off, not after.
        await Controller.WhenAppliedAsync(DrainTimeout);
        Controller.StopFading();
        await _led.StopAnimation();
        _led.IsOn = false;
        _log.LogInformation("LED left OFF.");

        // Leaving the LED off for shutdown is no command, so the file keeps the last one.
        if (_keeper is not null)
        {
            await _keeper.DisposeAsync();
        }

        if (_wifi is not null)
        {
            await _wifi.LeaveAsync();
        }
    }

    /// <summary>Stops (see <see cref="StopAsync"/>), then releases the button, the server, the LED's port and the systemd socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _buttonDoor?.Dispose();
        _button?.Dispose();
        await Server.DisposeAsync();
        _metrics.Dispose();
        ((IDisposable)_led).Dispose();
        _systemd?.Dispose();
    }

    // Before the server listens, so the first client already sees the restored state and its seq.
    private void RestorePowerOnState()
    {
        var file = new LedStateFile(StateDirectoryPath.Resolve(_settings.State.Directory, Environment.GetEnvironmentVariable("STATE_DIRECTORY"),
            AppContext.BaseDirectory));
        LedState? kept = file.Read(_log);
        _keeper = new LedStateKeeper(file, kept, _loggers.CreateLogger<LedStateKeeper>(), _time);
        Controller.Changed += _keeper.OnChanged;
        Controller.Restore(PowerOnPolicy.Decide(_settings.Led.PowerOnState, kept));
    }

    private void NotifyReady()
    {
        if (_systemd is null)
        {
            return;
        }

        _systemd.Notify("READY=1\nSTATUS=serving");
        if (_systemd.WatchdogInterval is { } interval)
        {
            _watchdog = new ServiceWatchdog(_systemd, new ListenerProbe(EndPoint, Certificates), interval, _log);
            _log.LogInformation("systemd watchdog: a ping every {Interval} while the listener answers.", interval);
        }
    }
}
