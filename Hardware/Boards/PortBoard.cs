using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Hardware.Boards;

/// <summary>
/// What every board does alike: it checks a pin and opens ports on it (digital outputs, PWM outputs, digital inputs),
/// keeps each port's setting, and refuses a second port on a pin; a board adds only the primitives that drive its
/// hardware.
/// </summary>
/// <remarks>
/// As dotnet/iot's <c>GpioController</c> over a <c>GpioDriver</c>: this layer validates once, with errors that name
/// the pin, and a board only checks what its pins can do, opens, drives and closes. One lock orders every setting and
/// every call of a primitive. An input's levels reach its port outside that lock, so an edge handler may use the board.
/// </remarks>
public abstract partial class PortBoard : IDigitalOutputController, IPwmOutputController, IDigitalInterruptController
{
    private readonly Dictionary<int, PortRecord> _open = [];
    private readonly TimeProvider _time;

    private protected PortBoard(TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        _time = timeProvider ?? TimeProvider.System;
        _inputLogger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(GetType());
    }

    /// <summary>The board's name as configuration spells it.</summary>
    public abstract string Name { get; }

    /// <summary>The lock that orders every port setting and every primitive call.</summary>
    private protected Lock Gate { get; } = new();

    /// <summary>Whether the board has been disposed; read under <see cref="Gate"/>.</summary>
    private protected bool IsClosed { get; private set; }

    /// <summary>The board's pins; a pin is the board's own only when it is one of these.</summary>
    private protected abstract IPinDefinitions KnownPins { get; }

    /// <inheritdoc/>
    public IDigitalOutputPort CreateDigitalOutputPort(IPin pin, bool initialState = false)
    {
        int gpio = GpioOf(pin);
        var port = new DigitalOutputPort(this, pin, initialState);
        Open(new PortRecord(pin, gpio, PinUse.Output, port) { Level = initialState });
        return port;
    }

    /// <inheritdoc/>
    public IPwmPort CreatePwmPort(IPin pin, Frequency frequency, float dutyCycle = 0.5f, bool invert = false)
    {
        int gpio = GpioOf(pin);
        var setting = new PwmOutput(PwmOutput.Checked(frequency), PwmOutput.Checked(dutyCycle), invert, Running: false);
        var port = new PwmPort(this, pin);
        Open(new PortRecord(pin, gpio, PinUse.Pwm, port) { Pwm = setting });
        return port;
    }

    /// <inheritdoc/>
    public IDigitalInterruptPort CreateDigitalInterruptPort(IPin pin, InterruptMode interruptMode, ResistorMode resistorMode, TimeSpan debounceDuration, TimeSpan glitchDuration)
    {
        int gpio = GpioOf(pin);
        var port = new DigitalInterruptPort(this, pin, interruptMode, resistorMode, debounceDuration, glitchDuration, _time);
        Open(new PortRecord(pin, gpio, PinUse.Input, port) { Resistor = resistorMode });
        return port;
    }

    /// <summary>Throws <see cref="NotSupportedException"/>, with the reason, when the record's pin cannot be used as it asks; called under <see cref="Gate"/>.</summary>
    private protected abstract void CheckPin(PortRecord record);

    /// <summary>Opens the record's pin as it asks (an output at its level, PWM at its setting, an input with its bias); called under <see cref="Gate"/>.</summary>
    private protected abstract void OpenPin(PortRecord record);

    /// <summary>Drives the record's pin to its new level or PWM setting; <paramref name="changed"/> says whether it differs from the last; called under <see cref="Gate"/>.</summary>
    private protected abstract void DrivePin(PortRecord record, bool changed);

    /// <summary>Frees the record's pin; called under <see cref="Gate"/>.</summary>
    private protected abstract void ClosePin(PortRecord record);

    /// <summary>Copies of the open ports' records, in no particular order; called under <see cref="Gate"/>.</summary>
    private protected IReadOnlyList<PortRecord> OpenPorts() => [.. _open.Values.Select(record => record with { })];

    /// <summary>The open port on <paramref name="gpio"/>, or null; called under <see cref="Gate"/>.</summary>
    private protected PortRecord? OpenPortOn(int gpio) => _open.GetValueOrDefault(gpio);

    /// <summary>Marks the board closed and forgets every port, false when it already was; called under <see cref="Gate"/>.</summary>
    private protected bool CloseAllPorts()
    {
        if (IsClosed)
        {
            return false;
        }

        IsClosed = true;
        _open.Clear();
        return true;
    }

    internal bool ReadLevel(DigitalOutputPort port)
    {
        lock (Gate)
        {
            return Find(port, port.Pin).Level;
        }
    }

    internal void WriteLevel(DigitalOutputPort port, bool level)
    {
        lock (Gate)
        {
            PortRecord record = Find(port, port.Pin);
            bool changed = record.Level != level;
            record.Level = level;
            DrivePin(record, changed);
        }
    }

    internal PwmOutput ReadPwm(PwmPort port)
    {
        lock (Gate)
        {
            return Find(port, port.Pin).Pwm;
        }
    }

    internal void WritePwm(PwmPort port, Func<PwmOutput, PwmOutput> change)
    {
        lock (Gate)
        {
            PortRecord record = Find(port, port.Pin);
            PwmOutput before = record.Pwm;
            record.Pwm = change(before);
            DrivePin(record, record.Pwm != before);
        }
    }

    internal void Release(object port, IPin pin)
    {
        lock (Gate)
        {
            if (IsOpen(port, pin, out PortRecord? record) && _open.Remove(record.Gpio))
            {
                ClosePin(record);
            }
        }
    }

    private void Open(PortRecord record)
    {
        lock (Gate)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            if (_open.TryGetValue(record.Gpio, out PortRecord? open))
            {
                throw new InvalidOperationException(
                    $"Pin {record.Describe()} already has an open port (opened as {open.Pin.Name}); dispose it before opening another.");
            }

            CheckPin(record);
            OpenPin(record);
            _open.Add(record.Gpio, record);
        }
    }

    private PortRecord Find(object port, IPin pin)
    {
        ObjectDisposedException.ThrowIf(!IsOpen(port, pin, out PortRecord? record), port);
        return record;
    }

    private bool IsOpen(object port, IPin pin, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PortRecord? record) =>
        _open.TryGetValue((int)pin.Key, out record) && ReferenceEquals(record.Port, port);

    /// <summary>Checks that <paramref name="pin"/> is one of the board's pins and returns its GPIO number.</summary>
    /// <exception cref="ArgumentException">The pin belongs to another board.</exception>
    private protected int GpioOf(IPin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!KnownPins.TryGet(pin.Name, out IPin? known) || !ReferenceEquals(known, pin) || pin.Key is not int gpio)
        {
            throw new ArgumentException($"Pin {pin.Name} is not a pin of the {Name} board; take pins from its Pins.", nameof(pin));
        }

        return gpio;
    }
}
