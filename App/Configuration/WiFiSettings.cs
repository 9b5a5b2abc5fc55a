namespace EspWs.App.Configuration;

/// <summary>The <c>WiFi</c> section: the network the board joins and how hard it tries.</summary>
public sealed class WiFiSettings : ISettingsSection
{
    /// <summary>Gets or sets the network name to join (at most 32 bytes, as 802.11 allows).</summary>
    public string Ssid { get; set; } = "EspWs-Lab";

    /// <summary>Gets or sets the network's password; empty for an open network.</summary>
    /// <remarks>Best set through the <c>ESPWS_WiFi__Password</c> environment variable so it is not in the file.</remarks>
    public string Password { get; set; } = "";

    /// <summary>Gets or sets how long one connection attempt may take before it is given up.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many connection attempts are made before the app reports failure (at least 1).</summary>
    public int MaxAttempts { get; set; } = 5;
}
