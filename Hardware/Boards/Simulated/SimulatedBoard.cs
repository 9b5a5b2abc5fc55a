using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Hardware.Boards.Simulated;

/// <summary>A board that lives in memory: pins whose levels are logged and observable, and a Wi-Fi adapter that always connects.</summary>
/// <remarks>
/// It runs anywhere, so samples, CI and people without hardware use it. One lock orders every change of level,
/// and <see cref="PinStateChanged"/> is raised while it is held, so observers see changes in the order they happened.
/// </remarks>
public sealed class SimulatedBoard : IBoard, IOutputPortOwner
{
    /// <summary>The name configuration uses for this board.</summary>
    public const string BoardName = "simulated";

    private readonly Lock _gate = new();
    private readonly Dictionary<object, DigitalOutputPort> _openPorts = [];
    private readonly Dictionary<object, bool> _levels = [];
    private readonly ILogger _logger;
    private bool _disposed;

    /// <summary>Creates the board, its pins and its Wi-Fi adapter.</summary>
    /// <param name="loggerFactory">Where log lines go; none are written when null.</param>
    /// <param name="timeProvider">The clock the Wi-Fi adapter waits on; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="wiFiOptions">How the Wi-Fi adapter behaves; its defaults when null.</param>
    public SimulatedBoard(
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        SimulatedWiFiOptions? wiFiOptions = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<SimulatedBoard>();
        Pins = new SimulatedPins(this);
        WiFi = new SimulatedWiFiAdapter(wiFiOptions, timeProvider, loggerFactory.CreateLogger<SimulatedWiFiAdapter>());
        NetworkAdapters = new NetworkAdapterCollection(WiFi);
    }

    /// <summary>Raised, on the thread that made the change and in order, each time a pin changes level.</summary>
    /// <remarks>Handlers run while the board holds its lock: keep them short and never wait for another thread that uses the board.</remarks>
    public event EventHandler<PinStateChangedEventArgs>? PinStateChanged;

    /// <inheritdoc/>
    public string Name => BoardName;

    /// <summary>The board's named pins, with a property per pin (<c>Pins.D02</c>).</summary>
    public SimulatedPins Pins { get; }

    IPinDefinitions IBoard.Pins => Pins;

    /// <inheritdoc/>
    public INetworkAdapterCollection NetworkAdapters { get; }

    /// <summary>The board's only network adapter, also found as <c>NetworkAdapters.Primary&lt;IWiFiNetworkAdapter&gt;()</c>.</summary>
    public SimulatedWiFiAdapter WiFi { get; }

    /// <inheritdoc/>
    public IDigitalOutputPort CreateDigitalOutputPort(IPin pin, bool initialState = false)
    {
        ValidatePin(pin);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_openPorts.TryGetValue(pin.Key, out DigitalOutputPort? open))
            {
                throw new InvalidOperationException(
                    $"Pin {pin.Name} (GPIO{pin.Key}) already has an open port (opened as {open.Pin.Name}); dispose it before opening another.");
            }

            var port = new DigitalOutputPort(this, pin, initialState);
            _openPorts.Add(pin.Key, port);
            _logger.PortOpened(pin.Name, pin.Key, SimulatedLog.Describe(initialState));
            SetLevel(pin, initialState);
            return port;
        }
    }

    /// <summary>The level <paramref name="pin"/> was last driven to (low if never), whether or not a port is open on it.</summary>
    /// <exception cref="ArgumentException"><paramref name="pin"/> is not a pin of this board.</exception>
    public bool GetPinState(IPin pin)
    {
        ValidatePin(pin);
        lock (_gate)
        {
            return _levels.GetValueOrDefault(pin.Key);
        }
    }

    /// <summary>Closes every open port; ports and pins can no longer be used.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _openPorts.Clear();
        }
    }

    bool IOutputPortOwner.ReadLevel(DigitalOutputPort port)
    {
        lock (_gate)
        {
            ThrowIfClosed(port);
            return _levels.GetValueOrDefault(port.Pin.Key);
        }
    }

    void IOutputPortOwner.WriteLevel(DigitalOutputPort port, bool level)
    {
        lock (_gate)
        {
            ThrowIfClosed(port);
            SetLevel(port.Pin, level);
        }
    }

    void IOutputPortOwner.Release(DigitalOutputPort port)
    {
        lock (_gate)
        {
            if (IsOpen(port))
            {
                _openPorts.Remove(port.Pin.Key);
                _logger.PortClosed(port.Pin.Name, port.Pin.Key);
            }
        }
    }

    // Callers hold _gate.
    private void SetLevel(IPin pin, bool level)
    {
        // A pin never driven reads low, so driving it low is no change.
        if (_levels.GetValueOrDefault(pin.Key) == level)
        {
            return;
        }

        _levels[pin.Key] = level;
        _logger.PinChanged(pin.Name, pin.Key, SimulatedLog.Describe(level));
        PinStateChanged?.Invoke(this, new PinStateChangedEventArgs(pin, level));
    }

    private bool IsOpen(DigitalOutputPort port) =>
        _openPorts.TryGetValue(port.Pin.Key, out DigitalOutputPort? open) && ReferenceEquals(open, port);

    private void ThrowIfClosed(DigitalOutputPort port) => ObjectDisposedException.ThrowIf(!IsOpen(port), port);

    private void ValidatePin(IPin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!Pins.TryGet(pin.Name, out IPin? known) || !ReferenceEquals(known, pin))
        {
            throw new ArgumentException(
                $"Pin {pin.Name} is not a pin of the {Name} board; take pins from its Pins.", nameof(pin));
        }
    }
}
