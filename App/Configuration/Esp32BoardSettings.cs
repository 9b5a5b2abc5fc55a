namespace EspWs.App.Configuration;

/// <summary>The <c>Board:Esp32</c> section: where the ESP32 running ConfigurableFirmata is, and how its link is kept.</summary>
public sealed class Esp32BoardSettings : ISettingsSection
{
    /// <summary>Gets or sets the link to the chip: <c>serial:/dev/ttyUSB0@115200</c> over USB, or <c>tcp:HOST:27016</c> over Wi-Fi.</summary>
    public string Link { get; set; } = "serial:/dev/ttyUSB0@115200";

    /// <summary>Gets or sets how long to wait between two attempts to re-establish a lost link.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how often a live link checks that the chip still answers (and how long it waits for the answer); zero for never.</summary>
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromSeconds(5);
}
