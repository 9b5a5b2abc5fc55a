namespace EspWs.Hardware.Boards.Esp32;

/// <summary>Why an ESP32 GPIO may not, or should not, be used freely.</summary>
public enum Esp32PinRestriction
{
    /// <summary>A general-purpose pin.</summary>
    None,

    /// <summary>Read at reset to choose how the chip boots: usable, with a warning, because what is wired to it can stop the board booting or being flashed.</summary>
    Strapping,

    /// <summary>GPIO34 to GPIO39 have no output driver: they can only be inputs.</summary>
    InputOnly,

    /// <summary>GPIO6 to GPIO11 are wired to the module's SPI flash: using them crashes the chip, so they are never usable.</summary>
    Flash,

    /// <summary>UART0's TX or RX, the USB serial link to the host: unusable while the board is driven over serial.</summary>
    SerialConsole,
}
