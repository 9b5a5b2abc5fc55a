using System.Net;

namespace EspWs.Hardware;

/// <summary>What an adapter reports when it connects: the address it got.</summary>
public sealed class NetworkConnectionEventArgs : EventArgs
{
    /// <summary>Creates the arguments for a connection that got <paramref name="ipAddress"/>.</summary>
    public NetworkConnectionEventArgs(IPAddress ipAddress)
    {
        ArgumentNullException.ThrowIfNull(ipAddress);
        IpAddress = ipAddress;
    }

    /// <summary>The address the adapter got on the network.</summary>
    public IPAddress IpAddress { get; }
}
