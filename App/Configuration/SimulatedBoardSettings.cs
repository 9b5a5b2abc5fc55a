namespace EspWs.App.Configuration;

/// <summary>The <c>Board:Simulated</c> section: how the simulated board behaves.</summary>
public sealed class SimulatedBoardSettings : ISettingsSection
{
    /// <summary>Gets or sets how long the simulated Wi-Fi join takes, as a real association would; 0 joins at once.</summary>
    public TimeSpan WiFiJoinDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
