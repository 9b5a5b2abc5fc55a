using System.Net;

namespace EspWs.App.Discovery;

/// <summary>Sends one multicast DNS packet out of one interface, to the group or to one asker.</summary>
public interface IMulticastSender
{
    /// <summary>Sends <paramref name="packet"/> out of interface <paramref name="interfaceIndex"/> to <paramref name="destination"/>; never throws.</summary>
    void Send(byte[] packet, int interfaceIndex, IPEndPoint destination);
}
