namespace EspWs.Hardware.Boards.Simulated;

/// <summary>A pin of the simulated board changed level: which pin, and its new level.</summary>
public sealed class PinStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments for <paramref name="pin"/> having gone to <paramref name="state"/>.</summary>
    public PinStateChangedEventArgs(IPin pin, bool state)
    {
        ArgumentNullException.ThrowIfNull(pin);
        Pin = pin;
        State = state;
    }

    /// <summary>The pin whose level changed, as named by the port that drove it.</summary>
    public IPin Pin { get; }

    /// <summary>The pin's new level: <see langword="true"/> is high (an LED on it is lit).</summary>
    public bool State { get; }
}
