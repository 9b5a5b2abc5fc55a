namespace EspWs.App.Configuration;

/// <summary>The <c>Security</c> section: who may open a WebSocket to the device (docs/security.md).</summary>
public sealed class SecuritySettings : ISettingsSection
{
    /// <summary>
    /// Gets or sets the browser origins (such as <c>http://192.168.1.20:8080</c>) allowed besides the device's own
    /// page; <c>*</c> allows every origin. Clients that send no <c>Origin</c> (not browsers) are always allowed.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Gets or sets the shared secret a client must present (<c>Authorization: Bearer</c> or <c>?token=</c>);
    /// empty means no token is asked for. Best set through <c>ESPWS_Security__Token</c>, never logged.
    /// </summary>
    public string Token { get; set; } = "";
}
