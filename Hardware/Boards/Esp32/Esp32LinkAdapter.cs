using System.Net;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// The ESP32 board's Wi-Fi adapter, which reports the host's link to the chip: connected, the chip's address (none
/// over serial), lost. Connecting opens the link; after a loss the board re-establishes it by itself.
/// </summary>
/// <remarks>
/// The chip joins its own Wi-Fi network with the credentials built into its firmware, so the SSID and password given
/// to <see cref="ConnectAsync"/> are checked as the contract requires but not used, and <see cref="WiFiAdapterBase.Ssid"/>
/// is always null. <see cref="WiFiAdapterBase.IpAddress"/> is the chip's address over TCP; a serial link has none.
/// </remarks>
public sealed class Esp32LinkAdapter : WiFiAdapterBase
{
    private readonly Esp32Board _board;

    internal Esp32LinkAdapter(Esp32Board board, ILogger logger)
        : base(logger)
    {
        _board = board;
    }

    /// <summary>Opens the link to the chip within <paramref name="timeout"/> (done at once when it is up); <paramref name="ssid"/> and <paramref name="password"/> are not used.</summary>
    /// <exception cref="TimeoutException">The chip did not complete the Firmata handshake in time; the message names the link.</exception>
    /// <exception cref="IOException">The serial port or TCP host cannot be opened; the message says why.</exception>
    /// <exception cref="NotSupportedException">The chip's firmware is too old or lacks a feature the board needs.</exception>
    public override Task ConnectAsync(string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        WiFiConnectArguments.Validate(ssid, password, timeout);
        return _board.ConnectLinkAsync(timeout, cancellationToken);
    }

    /// <summary>Closes the link and stops re-establishing it; does nothing when it is down.</summary>
    public override Task DisconnectAsync(CancellationToken cancellationToken = default) => _board.DisconnectLinkAsync(cancellationToken);

    internal void MarkConnected(IPAddress address) => State.MarkConnected(null, address);

    internal void MarkDisconnected(string reason) => State.MarkDisconnected(reason);
}
