using Microsoft.Extensions.Logging;

namespace EspWs.App.Systemd;

/// <summary>
/// Sends WATCHDOG=1 to systemd at its interval for as long as the app's listener answers, so a hung app stops the
/// pings and <c>WatchdogSec=</c> restarts it; the health line goes along as STATUS=.
/// </summary>
/// <remarks>
/// A lost board link does not stop the pings: a restart cannot bring back an unplugged board, and the board recovers
/// its link by itself. It shows in STATUS= and <c>/healthz</c> instead.
/// </remarks>
public sealed class ServiceWatchdog : IAsyncDisposable
{
    private readonly SystemdNotifier _notifier;
    private readonly ListenerProbe _probe;
    private readonly TimeSpan _interval;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <summary>Starts pinging through <paramref name="notifier"/> every <paramref name="interval"/> while <paramref name="probe"/> gets an answer.</summary>
    public ServiceWatchdog(SystemdNotifier notifier, ListenerProbe probe, TimeSpan interval, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(probe);
        _notifier = notifier;
        _probe = probe;
        _interval = interval;
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        string? lastStatus = null;
        do
        {
            // The probe must answer within the interval, or this ping is skipped and the next one may be too late.
            string? health = await _probe.GetHealthAsync(_interval);
            if (health is null)
            {
                _log.LogWarning("The listener did not answer its own health probe within {Interval}; no watchdog ping sent.", _interval);
                continue;
            }

            string status = health.Contains(" 200 ", StringComparison.Ordinal) ? "serving" : health;
            _notifier.Notify(status == lastStatus ? "WATCHDOG=1" : $"WATCHDOG=1\nSTATUS={status}");
            lastStatus = status;
        }
        while (await Tick(timer));
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
