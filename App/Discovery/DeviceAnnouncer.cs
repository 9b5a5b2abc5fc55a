using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EspWs.App.Configuration;
using EspWs.App.Discovery.Dns;
using EspWs.App.Tls;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Discovery;

/// <summary>
/// The discovery adapter: announces the device over DNS-SD on multicast DNS on the interfaces the server listens on,
/// through the system's Avahi when it runs and by its own <see cref="MdnsResponder"/> otherwise, follows the
/// certificate and the addresses, and feeds what it hears of other EspWs devices to the <see cref="DeviceDirectory"/>.
/// </summary>
public sealed class DeviceAnnouncer : IAsyncDisposable
{
    private static readonly TimeSpan BusTimeout = TimeSpan.FromSeconds(2);

    private readonly EspWsSettings _settings;
    private readonly string _board;
    private readonly DeviceDirectory _directory;
    private readonly ServerCertificateStore? _certificates;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private IPAddress _bindAddress = IPAddress.Any;
    private IReadOnlyList<MdnsInterface> _interfaces = [];
    private MulticastDnsSocket? _socket;
    private MdnsResponder? _responder;
    private AvahiPublisher? _avahi;

    /// <summary>Prepares the adapter for a device on <paramref name="board"/>; nothing is sent before <see cref="StartAsync"/>.</summary>
    public DeviceAnnouncer(EspWsSettings settings, string board, DeviceDirectory directory, ServerCertificateStore? certificates, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        _settings = settings;
        _board = board;
        _directory = directory;
        _certificates = certificates;
        _log = loggers.CreateLogger("EspWs.Discovery");
        _time = time;
    }

    /// <summary>Announces the server listening at <paramref name="listening"/>; a device that cannot announce logs why and serves on.</summary>
    public async Task StartAsync(IPEndPoint listening)
    {
        ArgumentNullException.ThrowIfNull(listening);
        _bindAddress = listening.Address;
        _interfaces = MdnsInterfaces.For(_bindAddress);
        if (_interfaces.Count == 0)
        {
            _log.LogInformation("mDNS: not announced: the server listens on {Address}, on no interface that carries multicast.", _bindAddress);
            return;
        }

        // The host name's first label, from the runtime's core: System.Net.Dns would load an assembly for the same call.
        string hostName = Environment.MachineName;
        var announcement = new ServiceAnnouncement(
            InstanceName.Choose(_settings.Discovery.Name, _settings.Mqtt.NodeId, hostName),
            InstanceName.HostLabel(hostName),
            (ushort)listening.Port,
            Services());

        bool any = _bindAddress.Equals(IPAddress.Any) || _bindAddress.Equals(IPAddress.IPv6Any);
        bool byAvahi = SystemBus.MayExist() && await PublishThroughAvahiAsync(announcement, any ? -1 : _interfaces[0].Index);

        try
        {
            _socket = MulticastDnsSocket.Open(_interfaces, _log);
        }
        catch (SocketException ex)
        {
            _log.Log(byAvahi ? LogLevel.Information : LogLevel.Warning,
                "mDNS: port 5353 could not be shared ({Message}); {What}.", ex.Message, byAvahi ? "other devices are not listed" : "the device is not announced");
            return;
        }

        if (!byAvahi)
        {
            _responder = new MdnsResponder(announcement, _interfaces, _socket, _log, _time);
        }

        _socket.StartReceiving(OnMessage);
        _responder?.Start();
        _ = AskAtStartAsync();
        if (_certificates is not null)
        {
            _certificates.Changed += OnCertificateChanged;
        }

        NetworkChange.NetworkAddressChanged += OnAddressChanged;
    }

    /// <summary>Says goodbye (by itself, or through Avahi) and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        NetworkChange.NetworkAddressChanged -= OnAddressChanged;
        if (_certificates is not null)
        {
            _certificates.Changed -= OnCertificateChanged;
        }

        _responder?.Stop();
        _responder?.Dispose();
        if (_socket is not null)
        {
            await _socket.DisposeAsync();
        }

        if (_avahi is not null)
        {
            await _avahi.DisposeAsync();
        }

        _stopping.Dispose();
    }

    // True, with _avahi set, when Avahi takes the services. Everything that names Avahi or D-Bus is kept out of
    // StartAsync, in methods reached only when a system bus may be there: compiling code that touches the _avahi field
    // loads the D-Bus library, which a device without a bus never needs (docs/performance.md, the idle process).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<bool> PublishThroughAvahiAsync(ServiceAnnouncement announcement, int interfaceIndex)
    {
        AvahiPublisher? avahi = await AvahiPublisher.TryConnectAsync(announcement, interfaceIndex, _log, BusTimeout);
        if (avahi is null)
        {
            return false;
        }

        avahi.NameHeld += _directory.SetOwnInstance;
        try
        {
            await avahi.PublishAsync();
            _avahi = avahi;
            return true;
        }
        catch (Exception ex) when (ex is Tmds.DBus.Protocol.DBusErrorReplyException or Tmds.DBus.Protocol.DBusConnectionException or TimeoutException)
        {
            _log.LogWarning("mDNS: Avahi did not take the services ({Message}); answering by ourselves.", ex.Message);
            await avahi.DisposeAsync();
            return false;
        }
    }

    private IReadOnlyList<AnnouncedService> Services() =>
        ServiceTypes.For(_board, AppVersion.Text, _settings.Security.Token.Length > 0, _certificates?.Current.Fingerprint);

    private void OnMessage(DnsMessage message, IPEndPoint source, int interfaceIndex)
    {
        if (_responder is { } responder)
        {
            responder.OnPacket(message, source, interfaceIndex);
            // A name is ours only once probed: while probing, a device heard under it is another one.
            if (responder.Phase is ResponderPhase.Announcing or ResponderPhase.Serving)
            {
                ServiceAnnouncement held = responder.Announcement;
                _directory.SetOwnInstance(held.InstanceNameOf(held.Services[0]));
            }
        }

        _directory.OnMessage(message, source.Address);
    }

    // Two questions at start, a second apart as RFC 6762 §5.2 spaces them (a device that announced within the last
    // second may not answer the first), so devices already on the link answer and are listed; after that it only listens.
    private async Task AskAtStartAsync()
    {
        byte[] query = new DnsMessage { Questions = [new DnsQuestion(DeviceDirectory.ServiceType + "." + ServiceAnnouncement.Domain, DnsType.DomainNamePointer, false)] }.ToWire();
        for (int asked = 0; asked < 2; asked++)
        {
            foreach (MdnsInterface nic in _interfaces)
            {
                _socket?.Send(query, nic.Index, MdnsResponder.Group);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnCertificateChanged(ServerCertificate certificate)
    {
        _log.LogInformation("mDNS: announcing the renewed certificate {Fingerprint}.", certificate.Fingerprint);
        _responder?.UpdateServices(Services());
        if (_avahi is { } avahi)
        {
            _ = UpdateAvahiAsync(avahi);
        }
    }

    private async Task UpdateAvahiAsync(AvahiPublisher avahi)
    {
        try
        {
            await avahi.UpdateServicesAsync(Services());
        }
        catch (Exception ex) when (ex is Tmds.DBus.Protocol.DBusErrorReplyException or TimeoutException or Tmds.DBus.Protocol.DBusConnectionException)
        {
            _log.LogWarning("mDNS: Avahi did not take the new TXT strings: {Message}", ex.Message);
        }
    }

    // RFC 6762 §8: a new or lost address means probing and announcing again. Avahi follows addresses by itself.
    private void OnAddressChanged(object? sender, EventArgs e)
    {
        IReadOnlyList<MdnsInterface> now = MdnsInterfaces.For(_bindAddress);
        lock (_lock)
        {
            if (now.SequenceEqual(_interfaces))
            {
                return;
            }

            _log.LogInformation("mDNS: addresses changed; announcing on {Interfaces}.", now.Count == 0 ? "no interface" : string.Join(", ", now));
            _interfaces = now;
            _socket?.Join(now);
            _responder?.UpdateInterfaces(now);
        }
    }
}
