using System.Net;
using System.Net.Sockets;
using EspWs.App.Discovery.Dns;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Discovery;

/// <summary>
/// The UDP socket on port 5353, in the IPv4 multicast DNS group on each interface the device announces on. It shares
/// the port (SO_REUSEADDR), as RFC 6762 §15 expects of every responder and browser on a host, and reads each packet
/// with the interface it came in on.
/// </summary>
public sealed class MulticastDnsSocket : IMulticastSender, IAsyncDisposable
{
    // RFC 6762 §11: multicast DNS goes out with an IP TTL of 255, and link-local packets stay on the link.
    private const int MulticastTtl = 255;

    private readonly Socket _socket;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sending = new();
    private IReadOnlyList<MdnsInterface> _interfaces = [];
    private Task _receiving = Task.CompletedTask;

    private MulticastDnsSocket(Socket socket, ILogger log)
    {
        _socket = socket;
        _log = log;
    }

    /// <summary>Binds port 5353, shared, and joins the group on <paramref name="interfaces"/>; throws <see cref="SocketException"/> when it cannot.</summary>
    public static MulticastDnsSocket Open(IReadOnlyList<MdnsInterface> interfaces, ILogger log)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, MulticastTtl);
            socket.Bind(new IPEndPoint(IPAddress.Any, QueryAnswerer.Port));
            var opened = new MulticastDnsSocket(socket, log);
            opened.Join(interfaces);
            return opened;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Moves the group membership to <paramref name="interfaces"/>: joins the new ones, leaves those gone.</summary>
    public void Join(IReadOnlyList<MdnsInterface> interfaces)
    {
        lock (_sending)
        {
            foreach (MdnsInterface gone in _interfaces.Where(old => interfaces.All(i => i.Index != old.Index)))
            {
                Membership(SocketOptionName.DropMembership, gone);
            }

            foreach (MdnsInterface added in interfaces.Where(i => _interfaces.All(old => old.Index != i.Index)))
            {
                Membership(SocketOptionName.AddMembership, added);
            }

            _interfaces = interfaces;
        }
    }

    /// <summary>Reads packets until disposed, handing each well-formed one from an on-link source to <paramref name="onMessage"/>.</summary>
    public void StartReceiving(Action<DnsMessage, IPEndPoint, int> onMessage)
    {
        _receiving = Task.Run(() => ReceiveLoopAsync(onMessage));
    }

    /// <inheritdoc/>
    public void Send(byte[] packet, int interfaceIndex, IPEndPoint destination)
    {
        lock (_sending)
        {
            try
            {
                // IP_MULTICAST_IF by index: the kernel reads the index in network byte order (ip(7), struct ip_mreqn).
                _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(interfaceIndex));
                _socket.SendTo(packet, destination);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                _log.LogDebug("mDNS: a packet to {Destination} was not sent: {Message}", destination, ex.Message);
            }
        }
    }

    /// <summary>Stops reading and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(Action<DnsMessage, IPEndPoint, int> onMessage)
    {
        byte[] buffer = new byte[DnsMessage.MaxBytes];
        EndPoint anyone = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await _socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, anyone, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _log.LogDebug("mDNS: receive failed: {Message}", ex.Message);
                continue;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            int index = received.PacketInformation.Interface;
            MdnsInterface? on = Volatile.Read(ref _interfaces).FirstOrDefault(i => i.Index == index);
            if (on is null || !on.IsOnLink(source.Address) || !DnsMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out DnsMessage message))
            {
                continue;
            }

            try
            {
                onMessage(message, source, index);
            }
            catch (Exception ex)
            {
                // A bad packet never stops the loop: the next one is read.
                _log.LogWarning(ex, "mDNS: a packet from {Source} could not be handled.", source);
            }
        }
    }

    private void Membership(SocketOptionName option, MdnsInterface nic)
    {
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.IP, option, new MulticastOption(MdnsResponder.Group.Address, nic.Index));
        }
        catch (SocketException ex)
        {
            _log.LogWarning("mDNS: could not {Action} the group on {Interface}: {Message}", option == SocketOptionName.AddMembership ? "join" : "leave", nic, ex.Message);
        }
    }
}
