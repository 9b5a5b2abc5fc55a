using System.Net;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards;

/// <summary>What every board's Wi-Fi adapter shares: its state and events, kept by a <see cref="NetworkAdapterState"/>.</summary>
/// <remarks>A derived adapter changes the state only through <see cref="State"/>, so the contract's promises hold for all.</remarks>
public abstract class WiFiAdapterBase : IWiFiNetworkAdapter
{
    /// <summary>Creates a disconnected adapter whose event-handler failures are logged to <paramref name="logger"/>.</summary>
    protected WiFiAdapterBase(ILogger logger)
    {
        State = new NetworkAdapterState(this, logger);
    }

    /// <inheritdoc/>
    public event NetworkConnectionHandler? NetworkConnected
    {
        add => State.AddConnected(value);
        remove => State.RemoveConnected(value);
    }

    /// <inheritdoc/>
    public event NetworkDisconnectionHandler? NetworkDisconnected
    {
        add => State.AddDisconnected(value);
        remove => State.RemoveDisconnected(value);
    }

    /// <inheritdoc/>
    public bool IsConnected => State.IsConnected;

    /// <inheritdoc/>
    public IPAddress IpAddress => State.IpAddress;

    /// <inheritdoc/>
    public string? Ssid => State.Ssid;

    /// <summary>The adapter's state; changing it raises the events.</summary>
    protected NetworkAdapterState State { get; }

    /// <inheritdoc/>
    public abstract Task ConnectAsync(string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    public abstract Task DisconnectAsync(CancellationToken cancellationToken = default);
}
