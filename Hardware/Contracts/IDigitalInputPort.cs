namespace EspWs.Hardware;

/// <summary>A pin opened as a digital input, as Meadow's <c>IDigitalInputPort</c>; disposing it frees the pin.</summary>
public interface IDigitalInputPort : IDisposable
{
    /// <summary>The pin this port reads.</summary>
    IPin Pin { get; }

    /// <summary>The pin's level now: <see langword="true"/> is high.</summary>
    /// <exception cref="ObjectDisposedException">The port has been disposed.</exception>
    bool State { get; }

    /// <summary>How the pin is biased when nothing drives it.</summary>
    ResistorMode Resistor { get; }
}
