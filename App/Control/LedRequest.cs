namespace EspWs.App.Control;

/// <summary>One request to the LED from any door: a command, and what it may carry (a brightness, a step, a fade).</summary>
/// <param name="Command">What to do.</param>
/// <param name="Brightness">For <see cref="LedCommand.On"/> and <see cref="LedCommand.Off"/>: the brightness in percent, 1 to 100, to light at or keep; 0 keeps the last one.</param>
/// <param name="Step">For <see cref="LedCommand.Step"/>: the percentage points to add (negative to dim).</param>
/// <param name="Transition">How long the LED takes to fade to the new state; zero switches at once.</param>
public readonly record struct LedRequest(LedCommand Command, int Brightness = 0, int Step = 0, TimeSpan Transition = default)
{
    /// <summary>The highest brightness, in percent.</summary>
    public const int MaxBrightness = 100;

    /// <summary>The longest fade a request may ask for; anything longer is refused as a mistake.</summary>
    public static readonly TimeSpan MaxTransition = TimeSpan.FromHours(1);

    /// <summary>Whether the request needs an LED that can dim: a brightness, a step or a fade.</summary>
    public bool NeedsDimming => Brightness > 0 || Step != 0 || Transition > TimeSpan.Zero;

    /// <summary>A bare command, as the words <c>ON</c>, <c>OFF</c>, <c>TOGGLE</c> and <c>STATUS</c> carry it.</summary>
    public static implicit operator LedRequest(LedCommand command) => new(command);

    /// <summary>The state <paramref name="current"/> becomes under this request (the sequence number left as it is).</summary>
    public LedState ApplyTo(LedState current)
    {
        int brightness = Brightness > 0 ? Brightness : current.Brightness;
        return Command switch
        {
            LedCommand.On => current with { IsOn = true, Brightness = brightness },
            LedCommand.Off => current with { IsOn = false, Brightness = brightness },
            LedCommand.Toggle => current with { IsOn = !current.IsOn },
            LedCommand.Step => current with { IsOn = true, Brightness = Math.Clamp(current.Brightness + Step, 1, MaxBrightness) },
            _ => current,
        };
    }
}
