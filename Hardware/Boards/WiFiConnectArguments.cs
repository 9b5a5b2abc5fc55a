namespace EspWs.Hardware.Boards;

/// <summary>Checks the arguments of <see cref="IWiFiNetworkAdapter.ConnectAsync"/> as its contract states, for every adapter alike.</summary>
public static class WiFiConnectArguments
{
    /// <summary>Throws when <paramref name="ssid"/> is empty, <paramref name="password"/> null, or <paramref name="timeout"/> neither positive nor infinite.</summary>
    /// <exception cref="ArgumentException"><paramref name="ssid"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative and not infinite.</exception>
    public static void Validate(string ssid, string password, TimeSpan timeout)
    {
        if (string.IsNullOrWhiteSpace(ssid))
        {
            throw new ArgumentException(
                "The Wi-Fi SSID is empty; give the name of the network to join (WiFi:Ssid in app.config.yaml).",
                nameof(ssid));
        }

        ArgumentNullException.ThrowIfNull(password);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        }
    }
}
