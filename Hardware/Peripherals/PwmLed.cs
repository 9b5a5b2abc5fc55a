namespace EspWs.Hardware.Peripherals;

/// <summary>An LED on a PWM output, as Meadow.Foundation's <c>Leds.PwmLed</c>: off, on at a brightness, blinking or pulsing, from any thread.</summary>
/// <remarks>
/// The brightness is the port's duty cycle, linearly, as in Meadow: a caller that wants perceived steps applies its
/// own curve. Given a pin, the LED opens its own port at <see cref="DefaultFrequency"/> and disposes it; given a port,
/// it borrows it and never disposes it. Either way it starts the port. One lock orders every write to the port, so
/// an animation that is being stopped can never overwrite a value set after it.
/// </remarks>
public sealed partial class PwmLed : IPwmLed, IDisposable
{
    /// <summary>The PWM frequency of a port the LED opens itself: fast enough that no eye or camera sees flicker, slow enough for every board's PWM.</summary>
    public static readonly Frequency DefaultFrequency = new(1000);

    private readonly Lock _gate = new();
    private readonly IPwmPort _port;
    private readonly bool _ownsPort;
    private readonly TimeProvider _timeProvider;
    private float _brightness;
    private float _onBrightness = 1f;
    private bool _disposed;

    /// <summary>Creates an LED on <paramref name="pin"/>, opening a PWM port on the pin's board that the LED disposes; the LED starts off.</summary>
    /// <param name="pin">The pin the LED is wired to.</param>
    /// <param name="timeProvider">The clock blinking and pulsing run on; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="NotSupportedException">The pin's board, or the pin, cannot do PWM; the message says why.</exception>
    public PwmLed(IPin pin, TimeProvider? timeProvider = null)
        : this(OpenPort(pin), ownsPort: true, timeProvider)
    {
    }

    /// <summary>Creates an LED on <paramref name="port"/>, which it borrows, starts and never disposes; the LED starts at the port's duty cycle if it runs, off otherwise.</summary>
    /// <param name="port">An open PWM port the LED is wired to.</param>
    /// <param name="timeProvider">The clock blinking and pulsing run on; <see cref="TimeProvider.System"/> when null.</param>
    public PwmLed(IPwmPort port, TimeProvider? timeProvider = null)
        : this(port, ownsPort: false, timeProvider)
    {
    }

    private PwmLed(IPwmPort port, bool ownsPort, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(port);
        _port = port;
        _ownsPort = ownsPort;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _brightness = port.State ? (float)port.DutyCycle : 0f;
        if (_brightness > 0)
        {
            _onBrightness = _brightness;
        }

        port.DutyCycle = _brightness;
        port.Start();
    }

    /// <summary>The port the LED drives.</summary>
    public IPwmPort Port => _port;

    /// <inheritdoc/>
    /// <remarks>Set to true, the LED lights at its last non-zero brightness (full at first).</remarks>
    /// <exception cref="ObjectDisposedException">Set after the LED was disposed.</exception>
    public bool IsOn
    {
        get
        {
            lock (_gate)
            {
                return _brightness > 0;
            }
        }

        set
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                CancelAnimation();
                Write(value ? _onBrightness : 0f);
            }
        }
    }

    /// <inheritdoc/>
    public float Brightness
    {
        get
        {
            lock (_gate)
            {
                return _brightness;
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The LED was disposed.</exception>
    public void SetBrightness(float brightness)
    {
        CheckBrightness(brightness);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CancelAnimation();
            Write(brightness);
            if (brightness > 0)
            {
                _onBrightness = brightness;
            }
        }
    }

    /// <summary>Stops any animation and, if the LED opened its own port, disposes that port; a borrowed port is left as it is.</summary>
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

    private static IPwmPort OpenPort(IPin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return pin.Controller is IPwmOutputController controller
            ? controller.CreatePwmPort(pin, DefaultFrequency, dutyCycle: 0f)
            : throw new NotSupportedException($"Pin {pin.Name} belongs to a controller that has no PWM outputs.");
    }

    private static void CheckBrightness(float brightness, string name = "brightness")
    {
        if (brightness is not (>= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(name, brightness, "A brightness is from 0 (off) to 1 (full).");
        }
    }

    // Callers hold _gate, so the port and _brightness change together.
    private void Write(float brightness)
    {
        _port.DutyCycle = brightness;
        _brightness = brightness;
    }
}
