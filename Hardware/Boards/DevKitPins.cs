using EspWs.Hardware.Boards.Esp32;

namespace EspWs.Hardware.Boards;

/// <summary>The ESP32-DevKitC's pins by name, as the esp32 board and the simulated board (laid out like one) give them: <c>OnboardLed</c> is GPIO2 and <c>D00</c>..<c>D39</c> are the GPIOs the chip has.</summary>
/// <remarks>
/// Every GPIO of <see cref="Esp32PinMap.DevKitC"/> is here, the unusable ones too, so that configuration naming one
/// on the esp32 board gets the reason it cannot be used rather than "no such pin". <c>OnboardLed</c> and <c>D02</c> are
/// one pin.
/// </remarks>
public sealed class DevKitPins : PinDefinitions
{
    internal DevKitPins(IPinController board)
        : base(
            new Pin("OnboardLed", Esp32PinMap.OnboardLedGpio, board),
            Esp32PinMap.DevKitC.Select(info => (IPin)new Pin(info.Name, info.Gpio, board)))
    {
    }

    /// <summary>GPIO0 (a strapping pin: the BOOT button).</summary>
    public IPin D00 => this["D00"];

    /// <summary>GPIO1 (UART0 TX).</summary>
    public IPin D01 => this["D01"];

    /// <summary>GPIO2, the same pin as <see cref="IPinDefinitions.OnboardLed"/> (a strapping pin).</summary>
    public IPin D02 => this["D02"];

    /// <summary>GPIO3 (UART0 RX).</summary>
    public IPin D03 => this["D03"];

    /// <summary>GPIO4.</summary>
    public IPin D04 => this["D04"];

    /// <summary>GPIO5 (a strapping pin).</summary>
    public IPin D05 => this["D05"];

    /// <summary>GPIO6, wired to the SPI flash: never usable.</summary>
    public IPin D06 => this["D06"];

    /// <summary>GPIO7, wired to the SPI flash: never usable.</summary>
    public IPin D07 => this["D07"];

    /// <summary>GPIO8, wired to the SPI flash: never usable.</summary>
    public IPin D08 => this["D08"];

    /// <summary>GPIO9, wired to the SPI flash: never usable.</summary>
    public IPin D09 => this["D09"];

    /// <summary>GPIO10, wired to the SPI flash: never usable.</summary>
    public IPin D10 => this["D10"];

    /// <summary>GPIO11, wired to the SPI flash: never usable.</summary>
    public IPin D11 => this["D11"];

    /// <summary>GPIO12 (a strapping pin).</summary>
    public IPin D12 => this["D12"];

    /// <summary>GPIO13.</summary>
    public IPin D13 => this["D13"];

    /// <summary>GPIO14.</summary>
    public IPin D14 => this["D14"];

    /// <summary>GPIO15 (a strapping pin).</summary>
    public IPin D15 => this["D15"];

    /// <summary>GPIO16.</summary>
    public IPin D16 => this["D16"];

    /// <summary>GPIO17.</summary>
    public IPin D17 => this["D17"];

    /// <summary>GPIO18.</summary>
    public IPin D18 => this["D18"];

    /// <summary>GPIO19.</summary>
    public IPin D19 => this["D19"];

    /// <summary>GPIO21.</summary>
    public IPin D21 => this["D21"];

    /// <summary>GPIO22.</summary>
    public IPin D22 => this["D22"];

    /// <summary>GPIO23.</summary>
    public IPin D23 => this["D23"];

    /// <summary>GPIO25.</summary>
    public IPin D25 => this["D25"];

    /// <summary>GPIO26.</summary>
    public IPin D26 => this["D26"];

    /// <summary>GPIO27.</summary>
    public IPin D27 => this["D27"];

    /// <summary>GPIO32.</summary>
    public IPin D32 => this["D32"];

    /// <summary>GPIO33.</summary>
    public IPin D33 => this["D33"];

    /// <summary>GPIO34, input-only.</summary>
    public IPin D34 => this["D34"];

    /// <summary>GPIO35, input-only.</summary>
    public IPin D35 => this["D35"];

    /// <summary>GPIO36, input-only.</summary>
    public IPin D36 => this["D36"];

    /// <summary>GPIO37, input-only.</summary>
    public IPin D37 => this["D37"];

    /// <summary>GPIO38, input-only.</summary>
    public IPin D38 => this["D38"];

    /// <summary>GPIO39, input-only.</summary>
    public IPin D39 => this["D39"];
}
