using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace EspWs.App.Discovery;

/// <summary>
/// Registers the services with the system's Avahi daemon over D-Bus (<c>org.freedesktop.Avahi</c> on the system bus),
/// where Avahi owns port 5353 (Raspberry Pi OS): Avahi probes, announces, answers and says goodbye; this renames on a
/// collision and updates the TXT strings when the certificate is renewed.
/// </summary>
public sealed class AvahiPublisher : IAsyncDisposable
{
    private const string Service = "org.freedesktop.Avahi";
    private const string ServerInterface = "org.freedesktop.Avahi.Server";
    private const string EntryGroupInterface = "org.freedesktop.Avahi.EntryGroup";
    // avahi-common/defs.h: AVAHI_ENTRY_GROUP_ESTABLISHED, _COLLISION, _FAILURE; AVAHI_IF_UNSPEC and AVAHI_PROTO_INET.
    private const int Established = 2;
    private const int Collision = 3;
    private const int Failure = 4;
    private const int AnyInterface = -1;
    private const int IPv4 = 0;

    private readonly DBusConnection _bus;
    private readonly ILogger _log;
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _busy = new(1, 1);
    private readonly int _interface;
    private ObjectPath _group;
    private ServiceAnnouncement _announcement;
    private IDisposable? _stateWatch;

    private AvahiPublisher(DBusConnection bus, ServiceAnnouncement announcement, int interfaceIndex, ILogger log, TimeSpan timeout)
    {
        _bus = bus;
        _announcement = announcement;
        _interface = interfaceIndex;
        _log = log;
        _timeout = timeout;
    }

    // MessageWriter is a ref struct: a body written through a copy would leave the message's lengths unwritten.
    private delegate void WriteBody(ref MessageWriter writer);

    /// <summary>Raised with the instance's full name once Avahi holds it, again after each rename.</summary>
    public event Action<string>? NameHeld;

    /// <summary>
    /// Connects to the system bus (<c>DBUS_SYSTEM_BUS_ADDRESS</c>, else the standard socket) and, when Avahi is on it,
    /// returns a publisher for <paramref name="announcement"/> on one interface (or all, for a negative index); null
    /// when there is no bus or no Avahi. Each step waits at most <paramref name="timeout"/>.
    /// </summary>
    public static async Task<AvahiPublisher?> TryConnectAsync(ServiceAnnouncement announcement, int interfaceIndex, ILogger log, TimeSpan timeout)
    {
        var bus = new DBusConnection(DBusAddress.System ?? "unix:path=" + SystemBus.DefaultSocket);
        try
        {
            await bus.ConnectAsync().AsTask().WaitAsync(timeout);
            MessageBuffer question = Build(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", "s", (ref MessageWriter w) => w.WriteString(Service));
            bool present = await bus.CallMethodAsync(question, static (Message m, object? _) => m.GetBodyReader().ReadBool(), null).WaitAsync(timeout);
            if (present)
            {
                return new AvahiPublisher(bus, announcement, interfaceIndex < 0 ? AnyInterface : interfaceIndex, log, timeout);
            }

            log.LogDebug("mDNS: the system bus has no {Service}; answering by ourselves.", Service);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            log.LogDebug("mDNS: no system bus ({Message}); answering by ourselves.", ex.Message);
        }

        bus.Dispose();
        return null;
    }

    /// <summary>Creates the entry group, adds every service and commits it; Avahi announces from there.</summary>
    public async Task PublishAsync()
    {
        await _busy.WaitAsync();
        try
        {
            _group = await CallAsync("/", ServerInterface, "EntryGroupNew", null, null, static (Message m, object? _) => m.GetBodyReader().ReadObjectPath());
            _stateWatch = await _bus.WatchSignalAsync(Service, _group, EntryGroupInterface, "StateChanged",
                static (Message m, object? _) => m.GetBodyReader().ReadInt32(), (Notification<int> n) => OnStateChanged(n),
                ObserverFlags.None, false, null).AsTask().WaitAsync(_timeout);
            await AddAndCommitAsync();
        }
        finally
        {
            _busy.Release();
        }
    }

    /// <summary>Replaces the TXT strings of every service (a renewed certificate): Avahi announces the new ones.</summary>
    public async Task UpdateServicesAsync(IReadOnlyList<AnnouncedService> services)
    {
        await _busy.WaitAsync();
        try
        {
            _announcement = _announcement with { Services = services };
            foreach (AnnouncedService service in services)
            {
                await CallAsync(_group, EntryGroupInterface, "UpdateServiceTxt", "iiusssaay", (ref MessageWriter w) =>
                {
                    WriteServiceKey(ref w, service);
                    w.WriteString("");
                    WriteTxt(ref w, service.Txt);
                });
            }
        }
        finally
        {
            _busy.Release();
        }
    }

    /// <summary>Frees the entry group, so Avahi sends the goodbyes, and closes the bus connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _busy.WaitAsync();
        try
        {
            _stateWatch?.Dispose();
            if (_group.ToString() is { Length: > 0 })
            {
                await CallAsync(_group, EntryGroupInterface, "Free", null, null);
                _log.LogInformation("mDNS: '{Instance}' withdrawn from Avahi (it sends the goodbyes).", _announcement.Instance);
            }
        }
        catch (Exception ex) when (ex is DBusErrorReplyException or TimeoutException or DBusConnectionException)
        {
            _log.LogWarning("mDNS: Avahi did not take the withdrawal: {Message}", ex.Message);
        }
        finally
        {
            _busy.Release();
            _bus.Dispose();
        }
    }

    private async Task AddAndCommitAsync()
    {
        foreach (AnnouncedService service in _announcement.Services)
        {
            await CallAsync(_group, EntryGroupInterface, "AddService", "iiussssqaay", (ref MessageWriter w) =>
            {
                WriteServiceKey(ref w, service);
                // Avahi's own domain (.local) and host name: Avahi answers for HOST.local already.
                w.WriteString("");
                w.WriteString("");
                w.WriteUInt16(_announcement.Port);
                WriteTxt(ref w, service.Txt);
            });
        }

        await CallAsync(_group, EntryGroupInterface, "Commit", null, null);
    }

    private void OnStateChanged(Notification<int> notification)
    {
        if (!notification.HasValue)
        {
            return;
        }

        switch (notification.Value)
        {
            case Established:
                _log.LogInformation("mDNS: '{Instance}' ({Types}) on port {Port} registered with Avahi.", _announcement.Instance,
                    string.Join(", ", _announcement.Services.Select(s => s.Type)), _announcement.Port);
                NameHeld?.Invoke(_announcement.InstanceNameOf(_announcement.Services[0]));
                break;
            case Collision:
                _ = RenameAsync();
                break;
            case Failure:
                _log.LogWarning("mDNS: Avahi could not register '{Instance}'.", _announcement.Instance);
                break;
        }
    }

    // RFC 6762 §9 through Avahi: ask it for the next name ("Kitchen #2"), then register again under that.
    private async Task RenameAsync()
    {
        await _busy.WaitAsync();
        try
        {
            string taken = _announcement.Instance;
            string next = await CallAsync("/", ServerInterface, "GetAlternativeServiceName", "s", (ref MessageWriter w) => w.WriteString(taken),
                static (Message m, object? _) => m.GetBodyReader().ReadString());
            _announcement = _announcement with { Instance = next };
            _log.LogWarning("mDNS: the name '{Taken}' is taken on the network; using '{Name}'.", taken, next);
            await CallAsync(_group, EntryGroupInterface, "Reset", null, null);
            await AddAndCommitAsync();
        }
        catch (Exception ex) when (ex is DBusErrorReplyException or TimeoutException or DBusConnectionException)
        {
            _log.LogWarning("mDNS: Avahi refused the new name: {Message}", ex.Message);
        }
        finally
        {
            _busy.Release();
        }
    }

    // What Avahi names a service entry by, in AddService and UpdateServiceTxt alike: interface, protocol, flags, instance, type.
    private void WriteServiceKey(ref MessageWriter writer, AnnouncedService service)
    {
        writer.WriteInt32(_interface);
        writer.WriteInt32(IPv4);
        writer.WriteUInt32(0);
        writer.WriteString(_announcement.Instance);
        writer.WriteString(service.Type);
    }

    private static void WriteTxt(ref MessageWriter writer, IReadOnlyList<string> txt)
    {
        ArrayStart array = writer.WriteArrayStart(DBusType.Array);
        foreach (string entry in txt)
        {
            writer.WriteArray(System.Text.Encoding.UTF8.GetBytes(entry));
        }

        writer.WriteArrayEnd(array);
    }

    private Task<bool> CallAsync(string path, string @interface, string member, string? signature, WriteBody? body) =>
        CallAsync(path, @interface, member, signature, body, static (Message _, object? _) => true);

    private Task<T> CallAsync<T>(string path, string @interface, string member, string? signature, WriteBody? body, MessageValueReader<T> reader) =>
        _bus.CallMethodAsync(Build(_bus, Service, path, @interface, member, signature, body), reader, null).WaitAsync(_timeout);

    private static MessageBuffer Build(DBusConnection bus, string destination, string path, string @interface, string member, string? signature, WriteBody? body)
    {
        MessageWriter writer = bus.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(destination, path, @interface, member, signature);
            body?.Invoke(ref writer);
            return writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
