namespace EspWs.Hardware;

/// <summary>Handles an adapter's <see cref="INetworkAdapter.NetworkConnected"/> event, as Meadow's delegate of that name.</summary>
/// <param name="sender">The adapter that is now connected.</param>
/// <param name="args">The address the adapter got.</param>
public delegate void NetworkConnectionHandler(INetworkAdapter sender, NetworkConnectionEventArgs args);
