namespace EspWs.Hardware;

/// <summary>A named pin of a board, as Meadow's <c>IPin</c>.</summary>
/// <remarks>
/// A pin knows the board that owns it, so a peripheral given only a pin (<c>new Led(pin)</c>) can ask
/// that board for a port, as Meadow.Foundation peripherals do.
/// </remarks>
public interface IPin
{
    /// <summary>The pin's name on the board, for people (for example <c>OnboardLed</c> or <c>D02</c>).</summary>
    string Name { get; }

    /// <summary>The board's own identifier of the pin (for example the GPIO number); two pins with equal keys are one physical pin.</summary>
    object Key { get; }

    /// <summary>The board that owns the pin and can open ports on it; the kinds of port it opens are the controller interfaces it implements.</summary>
    IPinController Controller { get; }
}
