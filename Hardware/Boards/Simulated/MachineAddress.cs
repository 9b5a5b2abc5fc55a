using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EspWs.Hardware.Boards.Simulated;

/// <summary>Finds the address this machine has on its network, which is what the simulated Wi-Fi reports.</summary>
internal static class MachineAddress
{
    /// <summary>The first non-loopback IPv4 address of an interface that is up, or 127.0.0.1 when there is none.</summary>
    public static IPAddress Find()
    {
        try
        {
            foreach (NetworkInterface adapter in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (adapter.OperationalStatus != OperationalStatus.Up
                    || adapter.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                foreach (UnicastIPAddressInformation unicast in adapter.GetIPProperties().UnicastAddresses)
                {
                    IPAddress address = unicast.Address;
                    if (address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
                    {
                        return address;
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Some sandboxes refuse to list interfaces; loopback still lets the app run.
        }
        catch (PlatformNotSupportedException)
        {
            // As above: no interface list on this platform.
        }

        return IPAddress.Loopback;
    }
}
