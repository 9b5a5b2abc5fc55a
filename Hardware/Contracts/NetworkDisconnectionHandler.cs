namespace EspWs.Hardware;

/// <summary>Handles an adapter's <see cref="INetworkAdapter.NetworkDisconnected"/> event, as Meadow's delegate of that name.</summary>
/// <param name="sender">The adapter that is now disconnected.</param>
/// <param name="args">Why it disconnected.</param>
public delegate void NetworkDisconnectionHandler(INetworkAdapter sender, NetworkDisconnectionEventArgs args);
