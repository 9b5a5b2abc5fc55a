using System.Device.Gpio;

namespace EspWs.App.Tests.Boards.LinuxGpio;

/// <summary>
/// A GPIO driver test double for the real <see cref="GpioController"/>: a chip of <see cref="PinCount"/> lines that
/// remembers each line's mode and level and logs every write; lines listed as input-only refuse output; a test drives
/// an input with <see cref="DriveInput"/>, and the edge reaches the callbacks registered for it, as libgpiod's would.
/// </summary>
public sealed class FakeGpioDriver : GpioDriver
{
    private readonly Lock _gate = new();
    private readonly int _pinCount;
    private readonly HashSet<int> _inputOnly;
    private readonly Dictionary<int, PinMode> _open = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly List<(int Pin, PinValue Value)> _writes = [];
    private readonly Dictionary<int, (PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = [];

    public FakeGpioDriver(int pinCount = 28, params int[] inputOnly)
    {
        _pinCount = pinCount;
        _inputOnly = [.. inputOnly];
    }

    public bool Disposed { get; private set; }

    public IReadOnlyList<(int Pin, PinValue Value)> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    protected override int PinCount => _pinCount;

    public PinValue Level(int pin)
    {
        lock (_gate)
        {
            return _levels.GetValueOrDefault(pin, PinValue.Low);
        }
    }

    public bool IsOpen(int pin)
    {
        lock (_gate)
        {
            return _open.ContainsKey(pin);
        }
    }

    public PinMode? ModeOf(int pin)
    {
        lock (_gate)
        {
            return _open.TryGetValue(pin, out PinMode mode) ? mode : null;
        }
    }

    /// <summary>Drives input <paramref name="pin"/> from outside to <paramref name="value"/>; a change raises the edge callbacks registered for it.</summary>
    public void DriveInput(int pin, PinValue value)
    {
        (PinEventTypes Types, PinChangeEventHandler Callback) registered;
        PinEventTypes edge;
        lock (_gate)
        {
            if (_levels.GetValueOrDefault(pin, PinValue.Low) == value)
            {
                return;
            }

            _levels[pin] = value;
            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            if (!_callbacks.TryGetValue(pin, out registered) || (registered.Types & edge) == 0)
            {
                return;
            }
        }

        registered.Callback(this, new PinValueChangedEventArgs(edge, pin));
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate)
        {
            _open[pinNumber] = PinMode.Input;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            _open.Remove(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            RequireOpen(pinNumber);
            _open[pinNumber] = mode;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            RequireOpen(pinNumber);
            return _open[pinNumber];
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        pinNumber >= 0 && pinNumber < _pinCount && (mode != PinMode.Output || !_inputOnly.Contains(pinNumber));

    protected override PinValue Read(int pinNumber) => Level(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            RequireOpen(pinNumber);
            _levels[pinNumber] = value;
            _writes.Add((pinNumber, value));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The fake chip raises no pin events.");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            _callbacks[pinNumber] = (eventTypes, callback);
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            _callbacks.Remove(pinNumber);
        }
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void RequireOpen(int pinNumber)
    {
        if (!_open.ContainsKey(pinNumber))
        {
            throw new InvalidOperationException($"Line {pinNumber} is not open.");
        }
    }
}
