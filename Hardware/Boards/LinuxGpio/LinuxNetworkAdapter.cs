using System.Net;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>
/// The Linux board's Wi-Fi adapter: the real state of one of the machine's interfaces (up, with an IPv4 address),
/// read at once and then every poll interval; where NetworkManager is present it can join a network.
/// </summary>
/// <remarks>
/// <see cref="WiFiAdapterBase.Ssid"/> is the network the app joined through NetworkManager, and null for a connection
/// the system made. The interface belongs to the system. A connection the system made is reported, never taken down unasked: the app
/// only disconnects what it joined itself. Without <c>nmcli</c>, joining or leaving throws
/// <see cref="NotSupportedException"/> with the reason.
/// </remarks>
public sealed class LinuxNetworkAdapter : WiFiAdapterBase, IDisposable
{
    private readonly Lock _refreshGate = new();
    private readonly string _interfaceName;
    private readonly INetworkInterfaceProbe _probe;
    private readonly IWiFiJoiner? _joiner;
    private readonly ILogger _logger;
    private readonly ITimer _poll;
    private string? _joinedSsid;

    /// <summary>Creates the adapter for <paramref name="interfaceName"/> and reads its state at once.</summary>
    /// <param name="interfaceName">The interface to report, such as <c>wlan0</c>.</param>
    /// <param name="probe">Reads the interface's state.</param>
    /// <param name="joiner">Joins networks; <see langword="null"/> where the machine has no network manager to ask.</param>
    /// <param name="pollInterval">How often the state is read again.</param>
    /// <param name="timeProvider">The clock the polling runs on.</param>
    /// <param name="logger">Where log lines go.</param>
    public LinuxNetworkAdapter(string interfaceName, INetworkInterfaceProbe probe, IWiFiJoiner? joiner, TimeSpan pollInterval,
        TimeProvider timeProvider, ILogger logger)
        : base(logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(interfaceName);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _interfaceName = interfaceName;
        _probe = probe;
        _joiner = joiner;
        _logger = logger;
        Refresh();
        _poll = timeProvider.CreateTimer(_ => Refresh(), null, pollInterval, pollInterval);
    }

    /// <summary>Returns at once when the interface is connected; otherwise joins <paramref name="ssid"/> through NetworkManager within <paramref name="timeout"/>.</summary>
    /// <exception cref="NotSupportedException">The interface is not connected and this machine has no <c>nmcli</c> to join with.</exception>
    /// <exception cref="TimeoutException">NetworkManager did not join in time.</exception>
    /// <exception cref="IOException">NetworkManager refused; the message is its own.</exception>
    public override async Task ConnectAsync(string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        WiFiConnectArguments.Validate(ssid, password, timeout);
        if (Refresh(out string reason))
        {
            return;
        }

        if (_joiner is null)
        {
            throw new NotSupportedException(
                $"{reason}, and this machine has no NetworkManager (nmcli) to join '{ssid}' with: connect the interface with the system's own tools.");
        }

        await _joiner.JoinAsync(_interfaceName, ssid, password, timeout, cancellationToken);
        _joinedSsid = ssid;
        if (!Refresh(out reason))
        {
            _joinedSsid = null;
            throw new IOException($"NetworkManager joined '{ssid}', but {reason}.");
        }
    }

    /// <summary>Leaves the network through NetworkManager; does nothing when not connected.</summary>
    /// <exception cref="NotSupportedException">This machine has no <c>nmcli</c> to leave the network with.</exception>
    public override async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        if (!Refresh(out _))
        {
            return;
        }

        if (_joiner is null)
        {
            throw new NotSupportedException($"This machine has no NetworkManager (nmcli) to take {_interfaceName} off its network with.");
        }

        await _joiner.LeaveAsync(_interfaceName, cancellationToken);
        _joinedSsid = null;
        Refresh();
    }

    /// <summary>Stops reading the interface's state.</summary>
    public void Dispose() => _poll.Dispose();

    private void Refresh() => Refresh(out _);

    // State and events change under one gate, so a poll and a connect never report out of order.
    private bool Refresh(out string reason)
    {
        lock (_refreshGate)
        {
            IPAddress? address = _probe.Read(_interfaceName, out reason);
            if (address is null)
            {
                if (State.MarkDisconnected(reason))
                {
                    _logger.LogWarning("Network interface {Interface} is disconnected: {Reason}", _interfaceName, reason);
                }

                return false;
            }

            if (!State.IsConnected || !address.Equals(State.IpAddress))
            {
                _logger.LogInformation("Network interface {Interface} is connected with address {Address}", _interfaceName, address);
                State.MarkConnected(_joinedSsid, address);
            }

            return true;
        }
    }
}
