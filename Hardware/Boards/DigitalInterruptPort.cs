namespace EspWs.Hardware.Boards;

/// <summary>
/// An input port of a board: the board tells it each level it reads, and the port filters glitches and bounces on its
/// clock before it raises <see cref="Changed"/>.
/// </summary>
/// <remarks>
/// The filtering is here, in the app, because no board does it for us: an ESP32 over Firmata reports every bounce it
/// polls, and a GPIO driver's edge events report every edge. A new level counts once it has held for
/// <see cref="GlitchDuration"/>; after a reported edge, the port stays quiet for <see cref="DebounceDuration"/> and then
/// reports the level the pin has settled on, if it differs, so a bounce can delay an edge but never lose the last one.
/// One timer from the injected <see cref="TimeProvider"/> wakes the port when a wait ends, so tests need no sleeps.
/// </remarks>
public sealed class DigitalInterruptPort : IDigitalInterruptPort
{
    private readonly PortBoard _board;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly Lock _raising = new();
    private TimeSpan _debounce;
    private TimeSpan _glitch;
    private bool _level;
    private DateTimeOffset _levelSince;
    private DigitalState _reported;
    private bool _hasReported;
    private DateTimeOffset _quietUntil;
    private bool _closed;

    internal DigitalInterruptPort(PortBoard board, IPin pin, InterruptMode interruptMode, ResistorMode resistor, TimeSpan debounce, TimeSpan glitch, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero, nameof(debounce));
        ArgumentOutOfRangeException.ThrowIfLessThan(glitch, TimeSpan.Zero, nameof(glitch));
        _board = board;
        _time = time;
        Pin = pin;
        InterruptMode = interruptMode;
        Resistor = resistor;
        _debounce = debounce;
        _glitch = glitch;
        _level = IdleLevel(resistor);
        _levelSince = time.GetUtcNow();
        _reported = new DigitalState(_level, _levelSince);
        _timer = time.CreateTimer(static port => ((DigitalInterruptPort)port!).Settle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public event EventHandler<DigitalPortResult>? Changed;

    /// <inheritdoc/>
    public IPin Pin { get; }

    /// <inheritdoc/>
    public InterruptMode InterruptMode { get; }

    /// <inheritdoc/>
    public ResistorMode Resistor { get; }

    /// <inheritdoc/>
    public bool State
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                return _level;
            }
        }
    }

    /// <inheritdoc/>
    public TimeSpan DebounceDuration
    {
        get
        {
            lock (_gate)
            {
                return _debounce;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate)
            {
                _debounce = value;
            }
        }
    }

    /// <inheritdoc/>
    public TimeSpan GlitchDuration
    {
        get
        {
            lock (_gate)
            {
                return _glitch;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate)
            {
                _glitch = value;
            }
        }
    }

    /// <summary>Closes the port and frees its pin; no edge is raised after it returns, unless one was being raised.</summary>
    public void Dispose()
    {
        _board.Release(this, Pin);
        lock (_gate)
        {
            _closed = true;
        }

        _timer.Dispose();
    }

    /// <summary>The pin's name, so log lines and messages read naturally.</summary>
    public override string ToString() => $"input port on {Pin.Name}";

    /// <summary>The level an input with <paramref name="resistor"/> reads while nothing drives it: high with a pull-up.</summary>
    internal static bool IdleLevel(ResistorMode resistor) => resistor is ResistorMode.InternalPullUp or ResistorMode.ExternalPullUp;

    /// <summary>Takes <paramref name="level"/> as the pin's level when the port opens, without raising an edge.</summary>
    internal void Start(bool level)
    {
        lock (_gate)
        {
            _level = level;
            _reported = new DigitalState(level, _time.GetUtcNow());
        }
    }

    /// <summary>Tells the port the level the board read; called outside the board's lock, in the order the levels were read.</summary>
    internal void Report(bool level)
    {
        lock (_raising)
        {
            DigitalPortResult? edge;
            lock (_gate)
            {
                if (_closed)
                {
                    return;
                }

                if (level != _level)
                {
                    _level = level;
                    _levelSince = _time.GetUtcNow();
                }

                edge = NextEdge();
            }

            Raise(edge);
        }
    }

    private void Settle()
    {
        lock (_raising)
        {
            DigitalPortResult? edge;
            lock (_gate)
            {
                edge = _closed ? null : NextEdge();
            }

            Raise(edge);
        }
    }

    // Callers hold _gate: the edge to report now, if any, or a wake-up when the level has held long enough.
    private DigitalPortResult? NextEdge()
    {
        if (_level == _reported.State)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return null;
        }

        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset due = Max(_quietUntil, _levelSince + _glitch);
        if (now < due)
        {
            _timer.Change(due - now, Timeout.InfiniteTimeSpan);
            return null;
        }

        DigitalState old = _reported;
        bool first = !_hasReported;
        _reported = new DigitalState(_level, now);
        _hasReported = true;
        _quietUntil = now + _debounce;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        bool selected = InterruptMode switch
        {
            InterruptMode.EdgeBoth => true,
            InterruptMode.EdgeRising => _level,
            InterruptMode.EdgeFalling => !_level,
            _ => false,
        };
        return selected ? new DigitalPortResult(_reported, first ? null : old) : null;
    }

    // Callers hold _raising, so edges are raised one at a time and in order; never _gate, so a handler may read the port.
    private void Raise(DigitalPortResult? edge)
    {
        if (edge is { } result)
        {
            Changed?.Invoke(this, result);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
