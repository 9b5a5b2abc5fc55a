using System.Net;
using System.Net.Sockets;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>Reaches ConfigurableFirmata's Wi-Fi server over TCP (port 27016 by default).</summary>
public sealed class TcpFirmataTransport : IFirmataTransport
{
    // A chip that vanishes without closing TCP (power cut, out of range) is noticed by keepalive within about 15 s when idle.
    private const int KeepAliveIdleSeconds = 5;
    private const int KeepAliveIntervalSeconds = 2;
    private const int KeepAliveProbes = 5;
    // Linux's TCP_USER_TIMEOUT (IPPROTO_TCP 6, option 18): data left unacknowledged this long aborts the connection,
    // where the kernel would otherwise retransmit for many minutes before a write to a vanished chip fails.
    private const int LinuxIpProtoTcp = 6;
    private const int LinuxTcpUserTimeout = 18;
    private const int UnacknowledgedMilliseconds = 15_000;
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(3);
    private readonly string _host;
    private readonly int _port;

    /// <summary>Creates the transport for <paramref name="host"/>:<paramref name="port"/>; nothing is connected yet.</summary>
    public TcpFirmataTransport(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _host = host;
        _port = port;
    }

    /// <inheritdoc/>
    public string Description => $"tcp:{_host}:{_port}";

    /// <inheritdoc/>
    public bool UsesSerialConsole => false;

    /// <inheritdoc/>
    public bool HasFlowControl => true;

    /// <inheritdoc/>
    public async Task<FirmataConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendTimeout = (int)SendTimeout.TotalMilliseconds };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, KeepAliveIdleSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, KeepAliveIntervalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, KeepAliveProbes);
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(LinuxIpProtoTcp, LinuxTcpUserTimeout, BitConverter.GetBytes(UnacknowledgedMilliseconds));
            }
            await socket.ConnectAsync(_host, _port, cancellationToken);
            IPAddress address = (socket.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
            return new FirmataConnection(new NetworkStream(socket, ownsSocket: true), address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException($"Cannot reach {_host}:{_port}: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
