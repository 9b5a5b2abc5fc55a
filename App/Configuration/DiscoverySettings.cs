namespace EspWs.App.Configuration;

/// <summary>The <c>Discovery</c> section: how the device announces itself on the local network over mDNS/DNS-SD (docs/discovery.md).</summary>
public sealed class DiscoverySettings : ISettingsSection
{
    /// <summary>Gets or sets whether the device announces itself and lists the EspWs devices it hears.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the instance name people see in a browser of services; empty uses <c>Mqtt:NodeId</c>, else the host name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets how many other EspWs devices the device remembers for its page and <c>/devices</c>; more are ignored until one leaves.</summary>
    public int MaxDevices { get; set; } = 32;
}
