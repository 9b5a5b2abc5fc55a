namespace EspWs.Hardware.Peripherals;

/// <summary>A push button on a digital input, as Meadow.Foundation's <c>Sensors.Buttons.PushButton</c>: press, release, click, long click and double click.</summary>
/// <remarks>
/// The button reads an input port that reports both edges, debounced by the port (<see cref="DebounceDuration"/>, 50 ms
/// by default, as in Meadow), so a bouncing contact gives one press and one release. A press shorter than
/// <see cref="LongClickedThreshold"/> is a click, a longer one a long click, told when the button comes up: a button
/// held down raises nothing more, however long it is held. A click followed by another within
/// <see cref="DoubleClickWindow"/> (from one release to the next) is a double click, as <see cref="IButton.DoubleClicked"/>
/// describes. So a button raises at most four events per press, and at most one press per two debounce durations.
/// Given a pin, the button opens its own port and disposes it; given a port, it borrows it.
/// </remarks>
public sealed class PushButton : IButton, IDisposable
{
    /// <summary>How long after an edge the port ignores the contact's bounces, by default (Meadow's 50 ms, as WLED's).</summary>
    public static readonly TimeSpan DefaultDebounceDuration = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a press must last to be a long click, by default (Meadow's 500 ms).</summary>
    public static readonly TimeSpan DefaultLongClickedThreshold = TimeSpan.FromMilliseconds(500);

    /// <summary>How soon a second click must end after the first to make a double click, by default.</summary>
    public static readonly TimeSpan DefaultDoubleClickWindow = TimeSpan.FromMilliseconds(400);

    private readonly Lock _gate = new();
    private readonly Lock _raising = new();
    private readonly IDigitalInterruptPort _port;
    private readonly bool _ownsPort;
    private readonly bool _idleLevel;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _window;
    private TimeSpan _longClickedThreshold = DefaultLongClickedThreshold;
    private TimeSpan _doubleClickWindow = DefaultDoubleClickWindow;
    private bool _pressed;
    private DateTimeOffset _pressStarted;
    private bool _clickWaiting;

    /// <summary>Creates a button on <paramref name="pin"/>, opening an input port on the pin's board that the button disposes.</summary>
    /// <param name="pin">The pin the button is wired to.</param>
    /// <param name="resistorMode">The pin's bias: the internal pull-up, by default, for a button wired to ground.</param>
    /// <param name="timeProvider">The clock presses are timed on; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="NotSupportedException">The pin's board, or the pin, cannot be an input with that bias; the message says why.</exception>
    public PushButton(IPin pin, ResistorMode resistorMode = ResistorMode.InternalPullUp, TimeProvider? timeProvider = null)
        : this(OpenPort(pin, resistorMode), ownsPort: true, timeProvider)
    {
    }

    /// <summary>Creates a button on <paramref name="port"/>, which it borrows and never disposes.</summary>
    /// <param name="port">An open input port that reports both edges.</param>
    /// <param name="timeProvider">The clock presses are timed on; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentException">The port does not report both edges (<see cref="InterruptMode.EdgeBoth"/>).</exception>
    public PushButton(IDigitalInterruptPort port, TimeProvider? timeProvider = null)
        : this(port, ownsPort: false, timeProvider)
    {
    }

    private PushButton(IDigitalInterruptPort port, bool ownsPort, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (port.InterruptMode != InterruptMode.EdgeBoth)
        {
            throw new ArgumentException($"A push button needs a port that reports both edges; {port.Pin.Name}'s reports {port.InterruptMode}.", nameof(port));
        }

        _port = port;
        _ownsPort = ownsPort;
        _idleLevel = port.Resistor is ResistorMode.InternalPullUp or ResistorMode.ExternalPullUp;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _window = _timeProvider.CreateTimer(static button => ((PushButton)button!).OnWindowEnded(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _pressed = port.State != _idleLevel;
        port.Changed += OnChanged;
    }

    /// <inheritdoc/>
    public event EventHandler? PressStarted;

    /// <inheritdoc/>
    public event EventHandler? PressEnded;

    /// <inheritdoc/>
    public event EventHandler? Clicked;

    /// <inheritdoc/>
    public event EventHandler? LongClicked;

    /// <inheritdoc/>
    public event EventHandler? DoubleClicked;

    /// <summary>The port the button reads.</summary>
    public IDigitalInterruptPort Port => _port;

    /// <inheritdoc/>
    public bool State
    {
        get
        {
            lock (_gate)
            {
                return _pressed;
            }
        }
    }

    /// <summary>How long after an edge the contact's bounces are ignored; the port's <see cref="IDigitalInterruptPort.DebounceDuration"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set negative.</exception>
    public TimeSpan DebounceDuration
    {
        get => _port.DebounceDuration;
        set => _port.DebounceDuration = value;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public TimeSpan LongClickedThreshold
    {
        get
        {
            lock (_gate)
            {
                return _longClickedThreshold;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            lock (_gate)
            {
                _longClickedThreshold = value;
            }
        }
    }

    /// <summary>How soon after a click's release a second click must end to make a double click (400 ms by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public TimeSpan DoubleClickWindow
    {
        get
        {
            lock (_gate)
            {
                return _doubleClickWindow;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            lock (_gate)
            {
                _doubleClickWindow = value;
            }
        }
    }

    /// <summary>Stops listening, drops a click still waiting for its window and, if the button opened its own port, disposes it.</summary>
    public void Dispose()
    {
        _port.Changed -= OnChanged;
        _window.Dispose();
        lock (_gate)
        {
            _clickWaiting = false;
        }

        if (_ownsPort)
        {
            _port.Dispose();
        }
    }

    private static IDigitalInterruptPort OpenPort(IPin pin, ResistorMode resistorMode)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return pin.Controller is IDigitalInterruptController controller
            ? controller.CreateDigitalInterruptPort(pin, InterruptMode.EdgeBoth, resistorMode, DefaultDebounceDuration, TimeSpan.Zero)
            : throw new NotSupportedException($"Pin {pin.Name} belongs to a controller that has no digital inputs.");
    }

    private void OnChanged(object? sender, DigitalPortResult result)
    {
        lock (_raising)
        {
            (EventHandler? edge, EventHandler? click) = Decide(result.New.State != _idleLevel);
            edge?.Invoke(this, EventArgs.Empty);
            click?.Invoke(this, EventArgs.Empty);
        }
    }

    private (EventHandler? Edge, EventHandler? Click) Decide(bool pressed)
    {
        lock (_gate)
        {
            if (pressed == _pressed)
            {
                return (null, null);
            }

            _pressed = pressed;
            DateTimeOffset now = _timeProvider.GetUtcNow();
            if (pressed)
            {
                _pressStarted = now;
                return (PressStarted, null);
            }

            if (now - _pressStarted >= _longClickedThreshold)
            {
                return (PressEnded, LongClicked);
            }

            if (DoubleClicked is null)
            {
                return (PressEnded, Clicked);
            }

            if (_clickWaiting)
            {
                _clickWaiting = false;
                _window.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return (PressEnded, DoubleClicked);
            }

            _clickWaiting = true;
            _window.Change(_doubleClickWindow, Timeout.InfiniteTimeSpan);
            return (PressEnded, null);
        }
    }

    // No second click came in time: the waiting click was a single one.
    private void OnWindowEnded()
    {
        lock (_raising)
        {
            EventHandler? clicked;
            lock (_gate)
            {
                clicked = _clickWaiting ? Clicked : null;
                _clickWaiting = false;
            }

            clicked?.Invoke(this, EventArgs.Empty);
        }
    }
}
