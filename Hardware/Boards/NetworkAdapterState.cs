using System.Net;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards;

/// <summary>
/// An adapter's connection state and the handlers of its events, changed and told under one lock, so that a handler
/// always reads the new state and a handler added meanwhile is told exactly once.
/// </summary>
/// <remarks>
/// Every board's adapter keeps its state here and forwards its event accessors, so the promises of
/// <see cref="INetworkAdapter"/> (state before events, late subscribers told, a throwing handler logged while the
/// others still run) are kept in one place. Handlers run on the thread that made the change, while the lock is held.
/// </remarks>
public sealed class NetworkAdapterState
{
    private readonly Lock _gate = new();
    private readonly INetworkAdapter _owner;
    private readonly ILogger _logger;
    private NetworkConnectionHandler? _connected;
    private NetworkDisconnectionHandler? _disconnected;
    private bool _isConnected;
    private IPAddress _ipAddress = IPAddress.None;
    private string? _ssid;

    /// <summary>Creates the disconnected state of <paramref name="owner"/>, which is the sender of every event.</summary>
    public NetworkAdapterState(INetworkAdapter owner, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(logger);
        _owner = owner;
        _logger = logger;
    }

    /// <summary>Whether the adapter is connected now.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _isConnected;
            }
        }
    }

    /// <summary>The adapter's address, or <see cref="IPAddress.None"/> when it is not connected.</summary>
    public IPAddress IpAddress
    {
        get
        {
            lock (_gate)
            {
                return _ipAddress;
            }
        }
    }

    /// <summary>The network's name while connected, when the adapter knows it; otherwise <see langword="null"/>.</summary>
    public string? Ssid
    {
        get
        {
            lock (_gate)
            {
                return _ssid;
            }
        }
    }

    /// <summary>Adds a connection handler; while connected, it is invoked at once, so a late subscriber still learns it.</summary>
    public void AddConnected(NetworkConnectionHandler? handler)
    {
        lock (_gate)
        {
            _connected += handler;
            if (_isConnected && handler is not null)
            {
                Notify(handler, new NetworkConnectionEventArgs(_ipAddress));
            }
        }
    }

    /// <summary>Removes a connection handler.</summary>
    public void RemoveConnected(NetworkConnectionHandler? handler)
    {
        lock (_gate)
        {
            _connected -= handler;
        }
    }

    /// <summary>Adds a disconnection handler.</summary>
    public void AddDisconnected(NetworkDisconnectionHandler? handler)
    {
        lock (_gate)
        {
            _disconnected += handler;
        }
    }

    /// <summary>Removes a disconnection handler.</summary>
    public void RemoveDisconnected(NetworkDisconnectionHandler? handler)
    {
        lock (_gate)
        {
            _disconnected -= handler;
        }
    }

    /// <summary>Records the connection to <paramref name="ssid"/> with <paramref name="ipAddress"/>, then tells every connection handler.</summary>
    public void MarkConnected(string? ssid, IPAddress ipAddress)
    {
        ArgumentNullException.ThrowIfNull(ipAddress);
        lock (_gate)
        {
            _isConnected = true;
            _ssid = ssid;
            _ipAddress = ipAddress;
            var args = new NetworkConnectionEventArgs(ipAddress);
            foreach (NetworkConnectionHandler handler in Handlers(_connected))
            {
                Notify(handler, args);
            }
        }
    }

    /// <summary>Records a disconnection for <paramref name="reason"/> and tells every disconnection handler; false when it was not connected.</summary>
    public bool MarkDisconnected(string reason)
    {
        lock (_gate)
        {
            if (!_isConnected)
            {
                return false;
            }

            _isConnected = false;
            _ssid = null;
            _ipAddress = IPAddress.None;
            var args = new NetworkDisconnectionEventArgs(reason);
            foreach (NetworkDisconnectionHandler handler in Handlers(_disconnected))
            {
                try
                {
                    handler(_owner, args);
                }
                catch (Exception exception)
                {
                    _logger.HandlerFailed(exception, nameof(INetworkAdapter.NetworkDisconnected));
                }
            }

            return true;
        }
    }

    private void Notify(NetworkConnectionHandler handler, NetworkConnectionEventArgs args)
    {
        try
        {
            handler(_owner, args);
        }
        catch (Exception exception)
        {
            _logger.HandlerFailed(exception, nameof(INetworkAdapter.NetworkConnected));
        }
    }

    private static IEnumerable<T> Handlers<T>(T? multicast)
        where T : Delegate =>
        multicast?.GetInvocationList().Cast<T>() ?? [];
}
