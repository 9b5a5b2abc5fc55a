namespace EspWs.Hardware.Boards.Esp32;

/// <summary>How the ESP32 board keeps its link to the chip.</summary>
public sealed class Esp32BoardOptions
{
    /// <summary>How long to wait between two attempts to re-establish a lost link; 2 s unless set.</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a live link checks that the chip still answers, which also bounds the wait for its answer; 5 s unless set, <see cref="TimeSpan.Zero"/> for never.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(5);
}
