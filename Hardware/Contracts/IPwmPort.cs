namespace EspWs.Hardware;

/// <summary>A pin opened as a pulse-width-modulated output, as Meadow's <c>IPwmPort</c>; disposing it frees the pin.</summary>
/// <remarks>
/// Setting <see cref="DutyCycle"/> on a running port takes effect at once; a stopped port holds its pin low
/// (high when <see cref="Inverted"/>).
/// </remarks>
public interface IPwmPort : IDisposable
{
    /// <summary>The pin this port drives.</summary>
    IPin Pin { get; }

    /// <summary>The PWM frequency.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a frequency the board cannot produce on this pin.</exception>
    Frequency Frequency { get; set; }

    /// <summary>The fraction of each period the output is high, from 0 to 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside 0 to 1, or to NaN.</exception>
    double DutyCycle { get; set; }

    /// <summary>Whether the output is inverted (high for the part of each period it would be low).</summary>
    bool Inverted { get; set; }

    /// <summary>Whether the port is running (started and not stopped).</summary>
    bool State { get; }

    /// <summary>Starts driving the pin at <see cref="DutyCycle"/>.</summary>
    void Start();

    /// <summary>Stops driving the pin.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Meadow's name; VB's Stop keyword does not matter to this C# project.")]
    void Stop();
}
