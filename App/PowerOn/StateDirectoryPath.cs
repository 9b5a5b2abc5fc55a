namespace EspWs.App.PowerOn;

/// <summary>Finds the directory of the state file from <c>State:Directory</c>, systemd's <c>STATE_DIRECTORY</c> and the app's folder.</summary>
public static class StateDirectoryPath
{
    /// <summary>The folder used beside the app's binary when neither the key nor systemd names one.</summary>
    public const string DefaultName = "state";

    /// <summary>
    /// Returns <paramref name="configured"/> when set (relative to <paramref name="appDirectory"/>), else the first
    /// directory of <paramref name="systemdStateDirectory"/> (systemd lists several separated by ':'), else
    /// <c>state</c> under <paramref name="appDirectory"/>.
    /// </summary>
    public static string Resolve(string configured, string? systemdStateDirectory, string appDirectory)
    {
        ArgumentNullException.ThrowIfNull(configured);
        if (configured.Length > 0)
        {
            return Path.GetFullPath(configured, appDirectory);
        }

        if (!string.IsNullOrEmpty(systemdStateDirectory))
        {
            return systemdStateDirectory.Split(':')[0];
        }

        return Path.Combine(appDirectory, DefaultName);
    }
}
