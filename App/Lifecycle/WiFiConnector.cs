using System.Net;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Lifecycle;

/// <summary>Joins the configured Wi-Fi network, each attempt bounded by a timeout, retrying with exponential backoff.</summary>
public static class WiFiConnector
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connects <paramref name="adapter"/>, trying at most <paramref name="maxAttempts"/> times; throws the last
    /// attempt's error when all fail. An empty SSID fails at once: retrying cannot fix it.
    /// </summary>
    public static async Task ConnectAsync(IWiFiNetworkAdapter adapter, string ssid, string password, TimeSpan timeout,
        int maxAttempts, ILogger log, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        if (string.IsNullOrWhiteSpace(ssid))
        {
            throw new ArgumentException("WiFi:Ssid is empty: set the network to join in app.config.yaml.", nameof(ssid));
        }

        TimeSpan backoff = FirstBackoff;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                log.LogInformation("Joining Wi-Fi '{Ssid}' (attempt {Attempt} of {MaxAttempts}, timeout {Timeout}).", ssid, attempt, maxAttempts, timeout);
                await adapter.ConnectAsync(ssid, password, timeout, cancellationToken);
                // IPAddress.None is how an adapter says it has no address (the ESP32 board over serial), not 255.255.255.255.
                string address = adapter.IpAddress.Equals(IPAddress.None) ? "none" : adapter.IpAddress.ToString();
                log.LogInformation("Wi-Fi '{Ssid}' joined; address {Address}.", ssid, address);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException && attempt < maxAttempts)
            {
                log.LogWarning("Wi-Fi attempt {Attempt} failed: {Message} Retrying in {Backoff}.", attempt, ex.Message, backoff);
                await Task.Delay(backoff, time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
