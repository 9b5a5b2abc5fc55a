namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>Asks the system's network manager to join or leave a Wi-Fi network on an interface.</summary>
public interface IWiFiJoiner
{
    /// <summary>Joins <paramref name="ssid"/> on <paramref name="interfaceName"/>, giving up after <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">Not joined in time.</exception>
    /// <exception cref="IOException">The network manager refused; the message is its own.</exception>
    Task JoinAsync(string interfaceName, string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Leaves whatever network <paramref name="interfaceName"/> is on.</summary>
    /// <exception cref="IOException">The network manager refused; the message is its own.</exception>
    Task LeaveAsync(string interfaceName, CancellationToken cancellationToken);
}
