using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EspWs.App.Tls;

/// <summary>The names and addresses by which clients may reach this machine, for a certificate's subject alternative names.</summary>
public static class MachineNames
{
    /// <summary>Gets the host name, its mDNS name (<c>HOSTNAME.local</c>) and <c>localhost</c>, without repeats.</summary>
    public static IReadOnlyList<string> DnsNames(string hostName)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        var names = new List<string>();
        string host = hostName.Trim().TrimEnd('.');
        if (host.Length > 0)
        {
            names.Add(host);
            if (!host.Contains('.', StringComparison.Ordinal))
            {
                names.Add(host + ".local");
            }
        }

        names.Add("localhost");
        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Gets every unicast address of every interface, loopback included (IPv4 first), without repeats.</summary>
    public static IReadOnlyList<IPAddress> Addresses()
    {
        var addresses = new List<IPAddress> { IPAddress.Loopback };
        try
        {
            addresses.AddRange(NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address));
        }
        catch (NetworkInformationException)
        {
            // Without the interface list, loopback is still an address of this machine.
        }

        if (Socket.OSSupportsIPv6)
        {
            addresses.Add(IPAddress.IPv6Loopback);
        }

        // A scope id (fe80::1%eth0) is not part of the address a certificate names.
        return addresses
            .Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(a.GetAddressBytes()) : a)
            .Distinct()
            .OrderBy(a => a.AddressFamily == AddressFamily.InterNetworkV6)
            .ToList();
    }
}
