namespace EspWs.Hardware;

/// <summary>A pin opened as a digital output, as Meadow's <c>IDigitalOutputPort</c>; disposing it frees the pin.</summary>
public interface IDigitalOutputPort : IDisposable
{
    /// <summary>The pin's current level: <see langword="true"/> drives it high; reading returns the last level written.</summary>
    /// <exception cref="ObjectDisposedException">The port has been disposed.</exception>
    bool State { get; set; }

    /// <summary>The level the pin took when the port was opened.</summary>
    bool InitialState { get; }

    /// <summary>The pin this port drives.</summary>
    IPin Pin { get; }
}
