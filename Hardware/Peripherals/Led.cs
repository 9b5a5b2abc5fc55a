namespace EspWs.Hardware.Peripherals;

/// <summary>An LED on a digital output, as Meadow.Foundation's <c>Leds.Led</c>: on, off or blinking, from any thread.</summary>
/// <remarks>
/// Given a pin, the LED opens its own port and disposes it; given a port, it borrows it and never disposes it.
/// One lock orders every write to the port, so an animation that is being stopped can never overwrite a
/// value set after it.
/// </remarks>
public sealed partial class Led : ILed, IDisposable
{
    private readonly Lock _gate = new();
    private readonly IDigitalOutputPort _port;
    private readonly bool _ownsPort;
    private readonly TimeProvider _timeProvider;
    private bool _isOn;
    private bool _disposed;

    /// <summary>Creates an LED on <paramref name="pin"/>, opening a port on the pin's board that the LED disposes; the LED starts off.</summary>
    /// <param name="pin">The pin the LED is wired to.</param>
    /// <param name="timeProvider">The clock blinking runs on; <see cref="TimeProvider.System"/> when null.</param>
    public Led(IPin pin, TimeProvider? timeProvider = null)
        : this(OpenPort(pin), ownsPort: true, timeProvider)
    {
    }

    /// <summary>Creates an LED on <paramref name="port"/>, which it borrows and never disposes; the LED starts as the port is.</summary>
    /// <param name="port">An open output port the LED is wired to.</param>
    /// <param name="timeProvider">The clock blinking runs on; <see cref="TimeProvider.System"/> when null.</param>
    public Led(IDigitalOutputPort port, TimeProvider? timeProvider = null)
        : this(port, ownsPort: false, timeProvider)
    {
    }

    private Led(IDigitalOutputPort port, bool ownsPort, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(port);
        _port = port;
        _ownsPort = ownsPort;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _isOn = port.State;
    }

    /// <summary>The port the LED drives.</summary>
    public IDigitalOutputPort Port => _port;

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">Set after the LED was disposed.</exception>
    public bool IsOn
    {
        get
        {
            lock (_gate)
            {
                return _isOn;
            }
        }

        set
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                CancelAnimation();
                Write(value);
            }
        }
    }

    /// <summary>Stops any animation and, if the LED opened its own port, disposes that port; a borrowed port is left open.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CancelAnimation();
        }

        if (_ownsPort)
        {
            _port.Dispose();
        }
    }

    private static IDigitalOutputPort OpenPort(IPin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return pin.Controller is IDigitalOutputController controller
            ? controller.CreateDigitalOutputPort(pin, initialState: false)
            : throw new NotSupportedException($"Pin {pin.Name} belongs to a controller that has no digital outputs.");
    }

    // Callers hold _gate, so the port and _isOn change together.
    private void Write(bool value)
    {
        _port.State = value;
        _isOn = value;
    }
}
