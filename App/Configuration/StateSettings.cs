namespace EspWs.App.Configuration;

/// <summary>The <c>State</c> section: where the app keeps what must survive a restart (the LED's last commanded state).</summary>
public sealed class StateSettings : ISettingsSection
{
    /// <summary>
    /// Gets or sets the directory of the state file; empty means the directory systemd gives in <c>STATE_DIRECTORY</c>
    /// (<c>StateDirectory=</c>), else <c>state</c> beside the app's binary. A relative path is taken from the app's binary.
    /// </summary>
    public string Directory { get; set; } = "";
}
