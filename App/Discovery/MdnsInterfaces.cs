using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EspWs.App.Discovery;

/// <summary>Finds the interfaces the server listens on that can carry multicast DNS: up, multicast-capable, not loopback, with an IPv4 address.</summary>
public static class MdnsInterfaces
{
    /// <summary>
    /// The interfaces for a server bound to <paramref name="bindAddress"/>: every suitable one for 0.0.0.0 or ::, else
    /// the one that holds the address (none for a loopback address: such a server cannot be reached from the network).
    /// </summary>
    public static IReadOnlyList<MdnsInterface> For(IPAddress bindAddress)
    {
        ArgumentNullException.ThrowIfNull(bindAddress);
        bool any = bindAddress.Equals(IPAddress.Any) || bindAddress.Equals(IPAddress.IPv6Any);
        var found = new List<MdnsInterface>();
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return found;
        }

        foreach (NetworkInterface nic in interfaces)
        {
            if (nic.NetworkInterfaceType == NetworkInterfaceType.Loopback || !nic.SupportsMulticast
                || nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
            {
                continue;
            }

            IPInterfaceProperties properties = nic.GetIPProperties();
            UnicastIPAddressInformation? address = properties.UnicastAddresses.FirstOrDefault(u =>
                u.Address.AddressFamily == AddressFamily.InterNetwork && (any || u.Address.Equals(Unmapped(bindAddress))));
            if (address is not null)
            {
                found.Add(new MdnsInterface(properties.GetIPv4Properties().Index, nic.Name, address.Address, address.PrefixLength));
            }
        }

        return found;
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
