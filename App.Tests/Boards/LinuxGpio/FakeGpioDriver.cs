using System.Device.Gpio;

namespace EspWs.App.Tests.Boards.LinuxGpio;

/// <summary>
/// A GPIO driver test double for the real <see cref="GpioController"/>: a chip of <see cref="PinCount"/> lines that
/// remembers each line's mode and level and logs every write; lines listed as input-only refuse output.
/// </summary>
public sealed class FakeGpioDriver : GpioDriver
{
    private readonly Lock _gate = new();
    private readonly int _pinCount;
    private readonly HashSet<int> _inputOnly;
    private readonly Dictionary<int, PinMode> _open = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly List<(int Pin, PinValue Value)> _writes = [];

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

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The fake chip raises no pin events.");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The fake chip raises no pin events.");

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
