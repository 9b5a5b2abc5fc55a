namespace EspWs.App.Configuration;

/// <summary>The <c>Board</c> section: which board the app drives.</summary>
public sealed class BoardSettings : ISettingsSection
{
    /// <summary>Gets or sets the name of the board, one of the names the app knows (<c>simulated</c> by default).</summary>
    public string Name { get; set; } = "simulated";
}
