using System.Net;

namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>Reads the state of one of the machine's network interfaces.</summary>
public interface INetworkInterfaceProbe
{
    /// <summary>The interface's IPv4 address when it is up and has one; otherwise <see langword="null"/>, with why in <paramref name="reason"/>.</summary>
    IPAddress? Read(string interfaceName, out string reason);
}
