namespace EspWs.Hardware;

/// <summary>An LED on a PWM output, as Meadow's <c>Meadow.Peripherals.Leds.IPwmLed</c>: off, on at a brightness, blinking or pulsing.</summary>
/// <remarks>
/// Every member may be called from any thread. <see cref="ILed.IsOn"/> set to true lights the LED at its last
/// non-zero brightness; setting it or the brightness stops a running animation, as in Meadow.
/// </remarks>
public interface IPwmLed : ILed
{
    /// <summary>The brightness the LED is set to, from 0 (off) to 1 (full).</summary>
    float Brightness { get; }

    /// <summary>Sets the brightness from 0 (off) to 1 (full), stopping any animation; a brightness above 0 lights the LED.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brightness"/> is outside 0 to 1, or NaN.</exception>
    void SetBrightness(float brightness);

    /// <summary>Starts blinking between <paramref name="highBrightness"/> and <paramref name="lowBrightness"/>, 500 ms each, replacing any animation.</summary>
    Task StartBlink(float highBrightness, float lowBrightness = 0f);

    /// <summary>Starts blinking between <paramref name="highBrightness"/> for <paramref name="onDuration"/> and <paramref name="lowBrightness"/> for <paramref name="offDuration"/>, replacing any animation.</summary>
    Task StartBlink(TimeSpan onDuration, TimeSpan offDuration, float highBrightness, float lowBrightness = 0f);

    /// <summary>Starts pulsing smoothly between <paramref name="highBrightness"/> and <paramref name="lowBrightness"/> once a second, replacing any animation.</summary>
    Task StartPulse(float highBrightness = 1f, float lowBrightness = 0.15f);

    /// <summary>Starts pulsing smoothly between <paramref name="highBrightness"/> and <paramref name="lowBrightness"/>, one pulse every <paramref name="pulseDuration"/>, replacing any animation.</summary>
    Task StartPulse(TimeSpan pulseDuration, float highBrightness = 1f, float lowBrightness = 0.15f);
}
