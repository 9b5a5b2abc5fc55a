namespace EspWs.Hardware.Boards.Esp32;

/// <summary>How the host reaches the ESP32's ConfigurableFirmata.</summary>
public enum Esp32LinkKind
{
    /// <summary>Over the USB serial port (UART0).</summary>
    Serial,

    /// <summary>Over Wi-Fi, to ConfigurableFirmata's TCP server.</summary>
    Tcp,
}
