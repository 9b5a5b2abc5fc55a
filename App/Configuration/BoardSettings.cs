namespace EspWs.App.Configuration;

/// <summary>The <c>Board</c> section: which board the app drives, and the settings of each real board.</summary>
public sealed class BoardSettings : ISettingsSection
{
    /// <summary>Gets or sets the name of the board, one of the names the app knows (<c>simulated</c> by default).</summary>
    public string Name { get; set; } = "simulated";

    /// <summary>Gets or sets how the <c>simulated</c> board behaves.</summary>
    public SimulatedBoardSettings Simulated { get; set; } = new();

    /// <summary>Gets or sets how the <c>esp32</c> board reaches the chip.</summary>
    public Esp32BoardSettings Esp32 { get; set; } = new();

    /// <summary>Gets or sets which GPIO chip, driver, LED line and interface the <c>linux-gpio</c> board uses.</summary>
    public LinuxGpioBoardSettings LinuxGpio { get; set; } = new();
}
