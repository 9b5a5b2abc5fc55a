namespace EspWs.Hardware;

/// <summary>A simple LED, as Meadow's <c>Meadow.Peripherals.Leds.ILed</c>: on, off, or blinking.</summary>
/// <remarks>
/// Every member may be called from any thread. Setting <see cref="IsOn"/> stops a running animation,
/// as in Meadow.
/// </remarks>
public interface ILed
{
    /// <summary>Whether the LED is lit now; setting it stops any animation and drives the LED.</summary>
    bool IsOn { get; set; }

    /// <summary>Starts blinking 500 ms on, 500 ms off, replacing any animation; completes once the LED is lit and the blink runs.</summary>
    Task StartBlink();

    /// <summary>Starts blinking <paramref name="onDuration"/> on, <paramref name="offDuration"/> off, replacing any animation; completes once the LED is lit and the blink runs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A duration is zero or negative.</exception>
    Task StartBlink(TimeSpan onDuration, TimeSpan offDuration);

    /// <summary>Stops any animation and leaves the LED off; completes once the animation has ended.</summary>
    Task StopAnimation();
}
