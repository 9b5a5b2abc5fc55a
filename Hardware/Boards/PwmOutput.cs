namespace EspWs.Hardware.Boards;

/// <summary>What a PWM port is set to: its frequency, duty cycle, inversion, and whether it runs.</summary>
/// <param name="Frequency">The PWM frequency.</param>
/// <param name="DutyCycle">The fraction of each period the output is high, from 0 to 1, before inversion.</param>
/// <param name="Inverted">Whether the output is inverted.</param>
/// <param name="Running">Whether the port was started and not stopped.</param>
internal readonly record struct PwmOutput(Frequency Frequency, double DutyCycle, bool Inverted, bool Running)
{
    /// <summary>The fraction of each period the pin is really high: a stopped port holds it low, or high when inverted.</summary>
    public double Output => Running ? (Inverted ? 1 - DutyCycle : DutyCycle) : (Inverted ? 1 : 0);

    /// <summary>Checks that <paramref name="frequency"/> is positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static Frequency Checked(Frequency frequency) =>
        double.IsFinite(frequency.Hertz) && frequency.Hertz > 0
            ? frequency
            : throw new ArgumentOutOfRangeException(nameof(frequency), frequency.Hertz, "A PWM frequency must be a positive number of hertz.");

    /// <summary>Checks that <paramref name="dutyCycle"/> is from 0 to 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is outside 0 to 1, or NaN.</exception>
    public static double Checked(double dutyCycle) =>
        dutyCycle is >= 0 and <= 1
            ? dutyCycle
            : throw new ArgumentOutOfRangeException(nameof(dutyCycle), dutyCycle, "A duty cycle is from 0 to 1.");
}
