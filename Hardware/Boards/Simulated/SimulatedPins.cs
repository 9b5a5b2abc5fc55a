namespace EspWs.Hardware.Boards.Simulated;

/// <summary>The simulated board's pins, laid out like an ESP32: <c>OnboardLed</c> is GPIO2, <c>D00</c>..<c>D15</c> are GPIO0..15.</summary>
/// <remarks><c>OnboardLed</c> and <c>D02</c> are two names for one pin (key 2), so only one port can be open on them at a time.</remarks>
public sealed class SimulatedPins : PinDefinitions
{
    /// <summary>The GPIO number of the onboard LED, as on an ESP32 DevKit.</summary>
    public const int OnboardLedGpio = 2;

    private const int NumberedPinCount = 16;

    internal SimulatedPins(IDigitalOutputController board)
        : base(new Pin("OnboardLed", OnboardLedGpio, board), CreateNumberedPins(board))
    {
    }

    /// <summary>GPIO0.</summary>
    public IPin D00 => this["D00"];

    /// <summary>GPIO1.</summary>
    public IPin D01 => this["D01"];

    /// <summary>GPIO2, the same pin as <see cref="IPinDefinitions.OnboardLed"/>.</summary>
    public IPin D02 => this["D02"];

    /// <summary>GPIO3.</summary>
    public IPin D03 => this["D03"];

    /// <summary>GPIO4.</summary>
    public IPin D04 => this["D04"];

    /// <summary>GPIO5.</summary>
    public IPin D05 => this["D05"];

    /// <summary>GPIO6.</summary>
    public IPin D06 => this["D06"];

    /// <summary>GPIO7.</summary>
    public IPin D07 => this["D07"];

    /// <summary>GPIO8.</summary>
    public IPin D08 => this["D08"];

    /// <summary>GPIO9.</summary>
    public IPin D09 => this["D09"];

    /// <summary>GPIO10.</summary>
    public IPin D10 => this["D10"];

    /// <summary>GPIO11.</summary>
    public IPin D11 => this["D11"];

    /// <summary>GPIO12.</summary>
    public IPin D12 => this["D12"];

    /// <summary>GPIO13.</summary>
    public IPin D13 => this["D13"];

    /// <summary>GPIO14.</summary>
    public IPin D14 => this["D14"];

    /// <summary>GPIO15.</summary>
    public IPin D15 => this["D15"];

    private static IEnumerable<IPin> CreateNumberedPins(IDigitalOutputController board)
    {
        for (int gpio = 0; gpio < NumberedPinCount; gpio++)
        {
            yield return new Pin($"D{gpio:D2}", gpio, board);
        }
    }
}
