using System.Net;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// The ESP32 board's Wi-Fi adapter, which reports the host's link to the chip: connected, the chip's address (none
/// over serial), lost. Connecting opens the link; after a loss the board re-establishes it by itself.
/// </summary>
/// <remarks>
/// The chip joins its own Wi-Fi network with the credentials built into its firmware, so the SSID and password given
/// to <see cref="ConnectAsync"/> are checked as the contract requires but not used, and <see cref="Ssid"/> is null.
/// </remarks>
public sealed class Esp32LinkAdapter : IWiFiNetworkAdapter
{
    private readonly Esp32Board _board;
    private readonly NetworkAdapterState _state;

    internal Esp32LinkAdapter(Esp32Board board, ILogger logger)
    {
        _board = board;
        _state = new NetworkAdapterState(this, logger);
    }

    /// <inheritdoc/>
    public event NetworkConnectionHandler? NetworkConnected
    {
        add => _state.AddConnected(value);
        remove => _state.RemoveConnected(value);
    }

    /// <inheritdoc/>
    public event NetworkDisconnectionHandler? NetworkDisconnected
    {
        add => _state.AddDisconnected(value);
        remove => _state.RemoveDisconnected(value);
    }

    /// <inheritdoc/>
    public bool IsConnected => _state.IsConnected;

    /// <summary>The chip's address over TCP; <see cref="IPAddress.None"/> over serial or while the link is down.</summary>
    public IPAddress IpAddress => _state.IpAddress;

    /// <summary>Always <see langword="null"/>: the chip's own network is set in its firmware, not known to the host.</summary>
    public string? Ssid => null;

    /// <summary>Opens the link to the chip within <paramref name="timeout"/> (done at once when it is up); <paramref name="ssid"/> and <paramref name="password"/> are not used.</summary>
    /// <exception cref="TimeoutException">The chip did not complete the Firmata handshake in time; the message names the link.</exception>
    /// <exception cref="IOException">The serial port or TCP host cannot be opened; the message says why.</exception>
    /// <exception cref="NotSupportedException">The chip's firmware is too old or lacks a feature the board needs.</exception>
    public Task ConnectAsync(string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        WiFiConnectArguments.Validate(ssid, password, timeout);
        return _board.ConnectLinkAsync(timeout, cancellationToken);
    }

    /// <summary>Closes the link and stops re-establishing it; does nothing when it is down.</summary>
    public Task DisconnectAsync(CancellationToken cancellationToken = default) => _board.DisconnectLinkAsync(cancellationToken);

    internal void MarkConnected(IPAddress address) => _state.MarkConnected(null, address);

    internal void MarkDisconnected(string reason) => _state.MarkDisconnected(reason);
}
