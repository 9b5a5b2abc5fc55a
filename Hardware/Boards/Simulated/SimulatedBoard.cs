using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Hardware.Boards.Simulated;

/// <summary>
/// A board that lives in memory, laid out like an ESP32-DevKitC: outputs and PWM duty cycles that are logged and
/// observable, push buttons a person or a test presses with <see cref="PressButton"/>, and a Wi-Fi adapter that always
/// connects.
/// </summary>
/// <remarks>
/// It runs anywhere, so samples, CI and people without hardware use it. Every pin can do everything. One lock orders
/// every change of level, and <see cref="PinStateChanged"/> is raised while it is held, so observers see changes in
/// the order they happened.
/// </remarks>
public sealed class SimulatedBoard : PortBoard, IBoard
{
    /// <summary>The name configuration uses for this board.</summary>
    public const string BoardName = "simulated";

    private readonly Dictionary<int, bool> _levels = [];
    private readonly Dictionary<int, double> _dutyCycles = [];
    private readonly HashSet<int> _pressed = [];
    private readonly Lock _buttons = new();
    private readonly ILogger _logger;

    /// <summary>Creates the board, its pins and its Wi-Fi adapter.</summary>
    /// <param name="loggerFactory">Where log lines go; none are written when null.</param>
    /// <param name="timeProvider">The clock the Wi-Fi adapter waits on and inputs filter bounces on; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="wiFiOptions">How the Wi-Fi adapter behaves; its defaults when null.</param>
    public SimulatedBoard(
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        SimulatedWiFiOptions? wiFiOptions = null)
        : base(timeProvider, loggerFactory)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<SimulatedBoard>();
        Pins = new DevKitPins(this);
        WiFi = new SimulatedWiFiAdapter(wiFiOptions, timeProvider, loggerFactory.CreateLogger<SimulatedWiFiAdapter>());
        NetworkAdapters = new NetworkAdapterCollection(WiFi);
    }

    /// <summary>Raised, on the thread that made the change and in order, each time a pin changes level.</summary>
    /// <remarks>Handlers run while the board holds its lock: keep them short and never wait for another thread that uses the board.</remarks>
    public event EventHandler<PinStateChangedEventArgs>? PinStateChanged;

    /// <inheritdoc/>
    public override string Name => BoardName;

    /// <summary>The board's named pins, with a property per pin (<c>Pins.D02</c>).</summary>
    public DevKitPins Pins { get; }

    IPinDefinitions IBoard.Pins => Pins;

    /// <inheritdoc/>
    public INetworkAdapterCollection NetworkAdapters { get; }

    /// <summary>The board's only network adapter, also found as <c>NetworkAdapters.Primary&lt;IWiFiNetworkAdapter&gt;()</c>.</summary>
    public SimulatedWiFiAdapter WiFi { get; }

    private protected override IPinDefinitions KnownPins => Pins;

    /// <summary>The level <paramref name="pin"/> was last driven to as a digital output (low if never), whether or not a port is open on it.</summary>
    /// <exception cref="ArgumentException"><paramref name="pin"/> is not a pin of this board.</exception>
    public bool GetPinState(IPin pin)
    {
        int gpio = GpioOf(pin);
        lock (Gate)
        {
            return _levels.GetValueOrDefault(gpio);
        }
    }

    /// <summary>The fraction of each period <paramref name="pin"/> is high as a PWM output now (inversion and a stopped port included); 0 when no PWM port is open on it.</summary>
    /// <exception cref="ArgumentException"><paramref name="pin"/> is not a pin of this board.</exception>
    public double GetDutyCycle(IPin pin)
    {
        int gpio = GpioOf(pin);
        lock (Gate)
        {
            return _dutyCycles.GetValueOrDefault(gpio);
        }
    }

    /// <summary>Presses the push button on <paramref name="pin"/>, which is wired against the pin's bias (to ground with a pull-up, as docs/boards.md wires a real one); pressing it again does nothing.</summary>
    /// <remarks>A person trying the app presses it from the console or the page; a test presses it, and bounces it with quick presses and releases.</remarks>
    /// <exception cref="ArgumentException"><paramref name="pin"/> is not a pin of this board.</exception>
    public void PressButton(IPin pin) => SetButton(pin, pressed: true);

    /// <summary>Releases the push button on <paramref name="pin"/>, so the pin returns to its bias; releasing it again does nothing.</summary>
    /// <exception cref="ArgumentException"><paramref name="pin"/> is not a pin of this board.</exception>
    public void ReleaseButton(IPin pin) => SetButton(pin, pressed: false);

    /// <summary>Closes every open port; ports and pins can no longer be used.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            CloseAllPorts();
        }
    }

    private protected override void CheckPin(PortRecord record)
    {
        // Every simulated pin can be an output, a PWM output or an input.
    }

    private protected override void OpenPin(PortRecord record)
    {
        _logger.PortOpened(record.Pin.Name, record.Gpio, record.Use);
        if (record.Input is { } input)
        {
            input.Start(InputLevel(record));
        }
        else
        {
            DrivePin(record, changed: true);
        }
    }

    private protected override void DrivePin(PortRecord record, bool changed)
    {
        if (record.Use == PinUse.Pwm)
        {
            double output = record.Pwm.Output;
            if (_dutyCycles.GetValueOrDefault(record.Gpio) != output)
            {
                _dutyCycles[record.Gpio] = output;
                _logger.DutyCycleChanged(record.Pin.Name, record.Gpio, output);
            }
        }
        else if (_levels.GetValueOrDefault(record.Gpio) != record.Level)
        {
            // A pin never driven reads low, so driving it low is no change.
            _levels[record.Gpio] = record.Level;
            _logger.PinChanged(record.Pin.Name, record.Gpio, SimulatedLog.Describe(record.Level));
            PinStateChanged?.Invoke(this, new PinStateChangedEventArgs(record.Pin, record.Level));
        }
    }

    private protected override void ClosePin(PortRecord record)
    {
        _dutyCycles.Remove(record.Gpio);
        _logger.PortClosed(record.Pin.Name, record.Gpio);
    }

    private void SetButton(IPin pin, bool pressed)
    {
        int gpio = GpioOf(pin);
        lock (_buttons)
        {
            (DigitalInterruptPort Port, bool Level)? input = null;
            lock (Gate)
            {
                if (!(pressed ? _pressed.Add(gpio) : _pressed.Remove(gpio)))
                {
                    return;
                }

                _logger.ButtonChanged(pin.Name, gpio, pressed ? "pressed" : "released");
                if (OpenPortOn(gpio) is { Input: { } port } record)
                {
                    input = (port, InputLevel(record));
                }
            }

            // Outside the board's lock, as every board reports inputs, so an edge handler may drive the board.
            input?.Port.Report(input.Value.Level);
        }
    }

    // Callers hold Gate. A pressed button connects the pin to the level opposite its bias.
    private bool InputLevel(PortRecord record) =>
        DigitalInterruptPort.IdleLevel(record.Resistor) ^ _pressed.Contains(record.Gpio);
}
