using System.Net;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards.Simulated;

/// <summary>The events half of <see cref="SimulatedWiFiAdapter"/>: state changes and the handlers told of them, under one lock.</summary>
public sealed partial class SimulatedWiFiAdapter
{
    private NetworkConnectionHandler? _connected;
    private NetworkDisconnectionHandler? _disconnected;

    /// <inheritdoc/>
    public event NetworkConnectionHandler? NetworkConnected
    {
        add
        {
            lock (_gate)
            {
                _connected += value;
                if (_isConnected && value is not null)
                {
                    // A late subscriber still learns the adapter is connected (Meadow's adapters stay silent).
                    Notify(value, new NetworkConnectionEventArgs(_ipAddress));
                }
            }
        }

        remove
        {
            lock (_gate)
            {
                _connected -= value;
            }
        }
    }

    /// <inheritdoc/>
    public event NetworkDisconnectionHandler? NetworkDisconnected
    {
        add
        {
            lock (_gate)
            {
                _disconnected += value;
            }
        }

        remove
        {
            lock (_gate)
            {
                _disconnected -= value;
            }
        }
    }

    private void MarkConnected(string ssid, IPAddress ipAddress)
    {
        lock (_gate)
        {
            _isConnected = true;
            _ssid = ssid;
            _ipAddress = ipAddress;
            _logger.WiFiConnected(ssid, ipAddress);
            var args = new NetworkConnectionEventArgs(ipAddress);
            foreach (NetworkConnectionHandler handler in Handlers(_connected))
            {
                Notify(handler, args);
            }
        }
    }

    private void MarkDisconnected(string reason)
    {
        lock (_gate)
        {
            if (!_isConnected)
            {
                return;
            }

            _isConnected = false;
            _ssid = null;
            _ipAddress = IPAddress.None;
            _logger.WiFiDisconnected(reason);
            var args = new NetworkDisconnectionEventArgs(reason);
            foreach (NetworkDisconnectionHandler handler in Handlers(_disconnected))
            {
                try
                {
                    handler(this, args);
                }
                catch (Exception exception)
                {
                    _logger.HandlerFailed(exception, nameof(NetworkDisconnected));
                }
            }
        }
    }

    private void Notify(NetworkConnectionHandler handler, NetworkConnectionEventArgs args)
    {
        try
        {
            handler(this, args);
        }
        catch (Exception exception)
        {
            _logger.HandlerFailed(exception, nameof(NetworkConnected));
        }
    }

    private static IEnumerable<T> Handlers<T>(T? multicast)
        where T : Delegate =>
        multicast?.GetInvocationList().Cast<T>() ?? [];
}
