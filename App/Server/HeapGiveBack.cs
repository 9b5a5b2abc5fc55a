using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>
/// Gives the memory that many clients grew back to the system once they have gone: when at least
/// <see cref="MinReleased"/> connections have been released since the last give-back and the server then stays quiet for
/// <see cref="QuietPeriod"/>, one aggressive collection returns the emptied GC regions and <c>malloc_trim</c> the native
/// heap's free pages.
/// </summary>
/// <remarks>
/// After 5 000 clients had connected and left, the app idled at 1.8× its size before they came: the workstation GC keeps
/// what it has committed, an idle app allocates too little to start a collection, and even a full one keeps the regions
/// as budget for the next; only <see cref="GCCollectionMode.Aggressive"/> decommits them. Over TLS, OpenSSL's freed
/// memory stays in glibc's heap as well, and it grows so without a crowd too: 3 × 3 000 TLS clients connecting and
/// closing one after another at the default MaxClients of 64 (docs/performance.md, "Memory given back"). So the count is
/// of connections released, not of a drop. The collection stops every thread for a few tens of milliseconds, so it runs
/// only when nobody is there to notice: once the count has stayed within <see cref="Jitter"/> and at most
/// <see cref="Jitter"/> clients have been admitted for the whole quiet period, so a device whose clients keep coming and
/// going is not collected every few seconds. Until <see cref="MinReleased"/> releases there is no timer, only a counter
/// per accept and per release; the timer lives from the release that reaches it until the give-back.
/// </remarks>
internal sealed class HeapGiveBack : IDisposable
{
    /// <summary>The fewest connections released before a give-back: about 4 MiB of heap at the 8 KiB an idle connection costs.</summary>
    public const int MinReleased = 512;

    /// <summary>How far the count may wander, and how many clients may be admitted, during the quiet period.</summary>
    public const int Jitter = 16;

    /// <summary>How long the server must stay quiet before the memory is given back.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);

    /// <summary>How often the count is looked at between the release that reaches <see cref="MinReleased"/> and the give-back.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Func<int> _live;
    private readonly Action _collect;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private int _released;
    private int _admitted;
    private int _settledAt;
    private int _admittedBefore;
    private long _quietSince;
    private bool _disposed;

    /// <summary>Watches the count <paramref name="live"/> reads; <paramref name="collect"/> (by default <see cref="GiveBackNow"/>, logged) gives the memory back.</summary>
    public HeapGiveBack(TimeProvider time, Func<int> live, ILogger log, Action? collect = null)
    {
        _time = time;
        _live = live;
        _collect = collect ?? (() => GiveBackNow(log, LogLevel.Information, "Clients left"));
    }

    /// <summary>Notes a connection taken: too many during the quiet period start it again.</summary>
    public void OnAdmitted() => Interlocked.Increment(ref _admitted);

    /// <summary>Notes a connection released: the one that reaches <see cref="MinReleased"/> starts watching for the quiet period.</summary>
    public void OnReleased()
    {
        if (Interlocked.Increment(ref _released) < MinReleased || Volatile.Read(ref _timer) is not null)
        {
            return;
        }

        lock (_lock)
        {
            if (_timer is null && !_disposed)
            {
                StartQuietPeriod(_live(), _time.GetTimestamp());
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
            if (Math.Abs(live - _settledAt) > Jitter || Volatile.Read(ref _admitted) - _admittedBefore > Jitter)
            {
                // Still busy: the quiet period starts again from here.
                StartQuietPeriod(live, now);
                return;
            }

            if (_time.GetElapsedTime(_quietSince, now) < QuietPeriod)
            {
                return;
            }

            // Quiet long enough: the next releases are counted from here.
            Volatile.Write(ref _released, 0);
            _timer.Dispose();
            _timer = null;
        }

        _collect();
    }

    private void StartQuietPeriod(int live, long now)
    {
        _settledAt = live;
        _admittedBefore = Volatile.Read(ref _admitted);
        _quietSince = now;
    }

    /// <summary>
    /// Collects aggressively now, giving every emptied GC region back, then trims the native heap (<see cref="NativeHeap"/>),
    /// and logs what each gave at <paramref name="level"/>.
    /// </summary>
    /// <remarks>Stops every thread for a few milliseconds per MiB of live heap: for the moments when nobody waits.</remarks>
    public static void GiveBackNow(ILogger log, LogLevel level, string occasion)
    {
        ArgumentNullException.ThrowIfNull(log);

        // The process's resident size, not the GC's own figures: those describe the last collection, not now.
        double before = Environment.WorkingSet / 1048576.0;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        double collected = Environment.WorkingSet / 1048576.0;
        bool trimmed = NativeHeap.TryTrim(log);
        TimeSpan took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        double after = Environment.WorkingSet / 1048576.0;
        if (trimmed)
        {
            log.Log(level, "{Occasion}: gave back {Freed:0.0} MiB, {Heap:0.0} from the GC heap and {Native:0.0} from the native heap (resident {Before:0.0} -> {After:0.0} MiB) in {Took:0} ms.",
                occasion, before - after, before - collected, collected - after, before, after, took.TotalMilliseconds);
        }
        else
        {
            log.Log(level, "{Occasion}: the GC heap gave back {Freed:0.0} MiB (resident {Before:0.0} -> {After:0.0} MiB) in {Took:0} ms.",
                occasion, before - after, before, after, took.TotalMilliseconds);
        }
    }
}
