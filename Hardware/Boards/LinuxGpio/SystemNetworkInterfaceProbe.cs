using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>Reads an interface's real state through <see cref="NetworkInterface"/>: up, and its first IPv4 address.</summary>
public sealed class SystemNetworkInterfaceProbe : INetworkInterfaceProbe
{
    /// <inheritdoc/>
    public IPAddress? Read(string interfaceName, out string reason)
    {
        NetworkInterface[] all;
        try
        {
            all = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException ex)
        {
            reason = $"the interfaces cannot be listed: {ex.Message}";
            return null;
        }

        NetworkInterface? found = all.FirstOrDefault(n => n.Name == interfaceName);
        if (found is null)
        {
            reason = $"this machine has no interface {interfaceName} (it has {string.Join(", ", all.Select(n => n.Name))})";
            return null;
        }

        if (found.OperationalStatus != OperationalStatus.Up)
        {
            reason = $"interface {interfaceName} is {found.OperationalStatus.ToString().ToLowerInvariant()}";
            return null;
        }

        IPAddress? address = found.GetIPProperties().UnicastAddresses
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);
        reason = address is null ? $"interface {interfaceName} is up but has no IPv4 address" : "";
        return address;
    }
}
