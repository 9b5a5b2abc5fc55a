namespace EspWs.App.Configuration;

/// <summary>The <c>Mqtt</c> section: the broker the device joins for Home Assistant and fleets (docs/mqtt.md).</summary>
public sealed class MqttSettings : ISettingsSection
{
    /// <summary>Gets or sets the broker's host name or address; empty, the default, turns MQTT off.</summary>
    public string Host { get; set; } = "";

    /// <summary>Gets or sets the broker's TCP port (1883 plain, 8883 by convention with TLS).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Gets or sets the user name the device presents; empty connects without credentials.</summary>
    public string Username { get; set; } = "";

    /// <summary>Gets or sets the password that goes with <see cref="Username"/>; only from <c>ESPWS_Mqtt__Password</c>, never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary>
    /// Gets or sets whether the link to the broker is wrapped in TLS; the broker's certificate must chain to the
    /// system's trusted roots (or <see cref="CaFile"/>) and name <see cref="Host"/>.
    /// </summary>
    public bool UseTls { get; set; }

    /// <summary>Gets or sets a PEM file of CA certificates trusted for the broker instead of the system's roots (a home CA); empty uses the system's.</summary>
    public string CaFile { get; set; } = "";

    /// <summary>Gets or sets whether the broker's certificate is checked for revocation; <c>Auto</c> checks online unless <see cref="CaFile"/> is set.</summary>
    public MqttRevocationCheck RevocationCheck { get; set; } = MqttRevocationCheck.Auto;

    /// <summary>Gets or sets the PEM certificate the device presents to a broker that requires one (mosquitto's <c>require_certificate</c>); empty presents none.</summary>
    public string ClientCertificatePath { get; set; } = "";

    /// <summary>Gets or sets the PEM file of <see cref="ClientCertificatePath"/>'s private key (unencrypted).</summary>
    public string ClientKeyPath { get; set; } = "";

    /// <summary>Gets or sets the device's id in topics and in Home Assistant; empty derives it from the host name.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>Gets or sets the topic every other topic of this device sits under; empty means <c>espws/NODEID</c>.</summary>
    public string BaseTopic { get; set; } = "";

    /// <summary>Gets or sets the prefix Home Assistant reads discovery configs under.</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>Gets or sets how often the link proves itself to the broker; the broker publishes the will after 1.5 times this in silence.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the longest wait between two attempts to reach the broker.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the largest command payload acted on; a larger one is ignored with a warning.</summary>
    public int MaxCommandBytes { get; set; } = 64;
}
