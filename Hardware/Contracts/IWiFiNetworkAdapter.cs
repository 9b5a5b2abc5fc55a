namespace EspWs.Hardware;

/// <summary>A Wi-Fi adapter, as Meadow's <c>IWiFiNetworkAdapter</c>, with <c>Async</c> names and a timeout that is honoured.</summary>
public interface IWiFiNetworkAdapter : INetworkAdapter
{
    /// <summary>The SSID of the network the adapter is connected to, or <see langword="null"/> when it is not connected.</summary>
    string? Ssid { get; }

    /// <summary>Joins the network <paramref name="ssid"/>; completes once connected, after the state is updated and <see cref="INetworkAdapter.NetworkConnected"/> raised.</summary>
    /// <param name="ssid">The network's name; it must not be empty or whitespace.</param>
    /// <param name="password">The network's passphrase; empty for an open network.</param>
    /// <param name="timeout">How long to try before giving up (<see cref="Timeout.InfiniteTimeSpan"/> to wait for ever).</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="ArgumentException"><paramref name="ssid"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive and not infinite.</exception>
    /// <exception cref="TimeoutException">Not connected within <paramref name="timeout"/>; the message names the SSID and the timeout, and the adapter stays disconnected.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    Task ConnectAsync(string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Leaves the network, raising <see cref="INetworkAdapter.NetworkDisconnected"/>; does nothing when not connected.</summary>
    /// <param name="cancellationToken">Cancels the wait for a connect in progress.</param>
    Task DisconnectAsync(CancellationToken cancellationToken = default);
}
