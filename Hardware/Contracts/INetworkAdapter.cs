using System.Net;

namespace EspWs.Hardware;

/// <summary>A network adapter of a board, as Meadow's <c>INetworkAdapter</c>.</summary>
/// <remarks>
/// Unlike some Meadow adapters, the state is always updated before an event is raised, so a handler that
/// reads <see cref="IsConnected"/> sees the new value; and a handler added to <see cref="NetworkConnected"/>
/// while the adapter is already connected is invoked at once, so a late subscriber still learns it.
/// </remarks>
public interface INetworkAdapter
{
    /// <summary>Whether the adapter is connected to a network now.</summary>
    bool IsConnected { get; }

    /// <summary>The adapter's address on the network, or <see cref="IPAddress.None"/> when it is not connected or its link has no address (the ESP32 board over serial).</summary>
    IPAddress IpAddress { get; }

    /// <summary>Raised after the adapter connects; a handler added while already connected is invoked at once.</summary>
    event NetworkConnectionHandler? NetworkConnected;

    /// <summary>Raised after the adapter disconnects, with the reason.</summary>
    event NetworkDisconnectionHandler? NetworkDisconnected;
}
