namespace EspWs.Hardware.Boards.Esp32;

/// <summary>How the ESP32 board keeps its link to the chip.</summary>
public sealed class Esp32BoardOptions
{
    /// <summary>How long to wait between two attempts to re-establish a lost link; 2 s unless set.</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(2);
}
