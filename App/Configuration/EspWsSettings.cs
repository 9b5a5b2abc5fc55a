namespace EspWs.App.Configuration;

/// <summary>The whole of EspWs's configuration, one property per section of app.config.yaml.</summary>
/// <remarks>
/// Every default equals the value app.config.yaml ships with, so a key left out of the file means the documented
/// default. The set of known keys is read from these classes by reflection: a new property is a new key.
/// </remarks>
public sealed class EspWsSettings : ISettingsSection
{
    /// <summary>Gets or sets which board the app runs on.</summary>
    public BoardSettings Board { get; set; } = new();

    /// <summary>Gets or sets how the board joins a Wi-Fi network.</summary>
    public WiFiSettings WiFi { get; set; } = new();

    /// <summary>Gets or sets the WebSocket server's address, caps and timeouts.</summary>
    public ServerSettings Server { get; set; } = new();

    /// <summary>Gets or sets who may open a WebSocket: allowed browser origins and an optional token.</summary>
    public SecuritySettings Security { get; set; } = new();

    /// <summary>Gets or sets the MQTT broker the device joins for Home Assistant and fleets; off unless a host is given.</summary>
    public MqttSettings Mqtt { get; set; } = new();

    /// <summary>Gets or sets the certificate that makes the listener speak TLS only; unset, it stays plain.</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary>Gets or sets how the device announces itself on the local network (mDNS/DNS-SD).</summary>
    public DiscoverySettings Discovery { get; set; } = new();

    /// <summary>Gets or sets which pin drives the LED.</summary>
    public LedSettings Led { get; set; } = new();

    /// <summary>Gets or sets the push button and what its presses do; no button unless a pin is given.</summary>
    public ButtonSettings Button { get; set; } = new();

    /// <summary>Gets or sets where the state kept across restarts lives.</summary>
    public StateSettings State { get; set; } = new();

    /// <summary>Gets or sets the minimum log levels, under Meadow's and Microsoft.Extensions.Logging's key names.</summary>
    public LoggingSettings Logging { get; set; } = new();

    /// <summary>Gets or sets what happens after an unhandled app failure, under Meadow's key names.</summary>
    public LifecycleSettings Lifecycle { get; set; } = new();
}
