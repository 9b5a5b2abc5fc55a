using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>
/// Gives the memory a crowd of clients grew back to the system once they have left: when the live connection count has
/// fallen at least <see cref="MinDrop"/> below its high point and stays there for <see cref="QuietPeriod"/>, one
/// aggressive collection returns the emptied GC regions.
/// </summary>
/// <remarks>
/// After 5 000 clients have connected and left, the app idled at 1.8× its size before they came: the workstation GC keeps
/// what it has committed, an idle app allocates too little to start a collection, and even a full one keeps the regions
/// as budget for the next. Only <see cref="GCCollectionMode.Aggressive"/> decommits them, and no GC setting does it
/// instead (docs/performance.md, "Memory given back"). That collection stops every thread for a few tens of
/// milliseconds, so it runs only when nobody is there to notice: after a large drop that has stayed quiet, once per drop.
/// Nothing runs while the count stays below <see cref="MinDrop"/>, as it always does at the default MaxClients of 64: a
/// timer exists only between a large drop and its collection.
/// </remarks>
internal sealed class HeapGiveBack : IDisposable
{
    /// <summary>The fewest connections that must have left: about 4 MiB of heap at the 8 KiB an idle connection costs.</summary>
    public const int MinDrop = 512;

    /// <summary>How far the count may wander during the quiet period (clients that come and go on a quiet device).</summary>
    public const int Jitter = 16;

    /// <summary>How long the count must stay near where it fell before the heap is given back.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);

    /// <summary>How often the count is looked at between a large drop and its collection.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Func<int> _live;
    private readonly Action _collect;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private int _peak;
    private int _settledAt;
    private long _quietSince;
    private bool _disposed;

    /// <summary>Watches the count <paramref name="live"/> reads; <paramref name="collect"/> (by default an aggressive GC, logged) gives the heap back.</summary>
    public HeapGiveBack(TimeProvider time, Func<int> live, ILogger log, Action? collect = null)
    {
        _time = time;
        _live = live;
        _collect = collect ?? (() => GiveBackNow(log, LogLevel.Information, "Clients left"));
    }

    /// <summary>Notes a connection taken, <paramref name="live"/> being the count with it: raises the high point.</summary>
    public void OnAdmitted(int live)
    {
        // Lock-free: this runs on every accept, and only a rising count writes.
        int peak;
        while (live > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, live, peak) != peak)
        {
        }
    }

    /// <summary>Notes a connection released, <paramref name="live"/> being the count without it: a large drop starts the quiet period.</summary>
    public void OnReleased(int live)
    {
        if (Volatile.Read(ref _peak) - live < MinDrop || Volatile.Read(ref _timer) is not null)
        {
            return;
        }

        lock (_lock)
        {
            if (_timer is null && !_disposed)
            {
                _settledAt = live;
                _quietSince = _time.GetTimestamp();
                _timer = _time.CreateTimer(static self => ((HeapGiveBack)self!).Check(), this, CheckInterval, CheckInterval);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Check()
    {
        lock (_lock)
        {
            if (_disposed || _timer is null)
            {
                return;
            }

            int live = _live();
            long now = _time.GetTimestamp();
            if (Math.Abs(live - _settledAt) > Jitter)
            {
                // Still moving: the quiet period starts again from here.
                _settledAt = live;
                _quietSince = now;
            }

            bool dropped = Volatile.Read(ref _peak) - live >= MinDrop;
            if (dropped && _time.GetElapsedTime(_quietSince, now) < QuietPeriod)
            {
                return;
            }

            // Quiet long enough, or the crowd came back: the next large drop is counted from here.
            Interlocked.Exchange(ref _peak, live);
            _timer.Dispose();
            _timer = null;
            if (!dropped)
            {
                return;
            }
        }

        _collect();
    }

    /// <summary>Collects aggressively now, giving every emptied GC region back, and logs what it gave at <paramref name="level"/>.</summary>
    /// <remarks>Stops every thread for a few milliseconds per MiB of live heap: for the moments when nobody waits.</remarks>
    public static void GiveBackNow(ILogger log, LogLevel level, string occasion)
    {
        ArgumentNullException.ThrowIfNull(log);

        // The process's resident size, not the GC's own figures: those describe the last collection, not now.
        double before = Environment.WorkingSet / 1048576.0;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TimeSpan took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        double after = Environment.WorkingSet / 1048576.0;
        log.Log(level, "{Occasion}: the heap gave back {Freed:0.0} MiB (resident {Before:0.0} -> {After:0.0} MiB) in {Took:0} ms.",
            occasion, before - after, before, after, took.TotalMilliseconds);
    }
}
