namespace EspWs.Hardware.Boards.Esp32;

/// <summary>One GPIO of the ESP32 as the DevKitC breaks it out: its number, names, capabilities and restriction.</summary>
/// <param name="Gpio">The GPIO number, which is also the pin's number in ConfigurableFirmata.</param>
/// <param name="Name">The pin's name in configuration (<c>D02</c>), as the simulated board names it.</param>
/// <param name="Label">The label printed beside the header pin on the DevKitC (<c>IO2</c>, <c>CLK</c>, <c>SENSOR_VP</c>).</param>
/// <param name="Capabilities">What the pin can do.</param>
/// <param name="Restriction">Why the pin may not, or should not, be used freely.</param>
/// <param name="Note">The reason behind the restriction, for people; empty for a general-purpose pin.</param>
public sealed record Esp32PinInfo(
    int Gpio,
    string Name,
    string Label,
    Esp32PinCapabilities Capabilities,
    Esp32PinRestriction Restriction,
    string Note)
{
    /// <summary>The pin for messages: <c>D06 (GPIO6, labelled CLK)</c>.</summary>
    public string Describe() => $"{Name} (GPIO{Gpio}, labelled {Label})";

    /// <summary>Whether the chip can drive this pin as an output at all.</summary>
    public bool CanDrive => Capabilities.HasFlag(Esp32PinCapabilities.DigitalOutput);
}
