using System.Net;

namespace EspWs.Hardware.Boards.Simulated;

/// <summary>How the simulated Wi-Fi adapter behaves: how long joining takes and which address it reports.</summary>
public sealed class SimulatedWiFiOptions
{
    /// <summary>How long a connect takes, like a real association and DHCP exchange; 200 ms unless set.</summary>
    public TimeSpan ConnectDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The address reported once connected; when null, the machine's first non-loopback IPv4 address of an up interface, else 127.0.0.1.</summary>
    public IPAddress? IpAddress { get; init; }
}
