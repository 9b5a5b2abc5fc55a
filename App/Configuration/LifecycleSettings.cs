namespace EspWs.App.Configuration;

/// <summary>The <c>Lifecycle</c> section, with Meadow's key names and meaning.</summary>
public sealed class LifecycleSettings : ISettingsSection
{
    /// <summary>Gets or sets whether an unhandled app failure restarts the app (after a delay) instead of exiting.</summary>
    public bool RestartOnAppFailure { get; set; }

    /// <summary>Gets or sets how many seconds to wait before such a restart (0 to 86400).</summary>
    public int AppFailureRestartDelaySeconds { get; set; } = 5;
}
