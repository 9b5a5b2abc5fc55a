using System.Net;
using EspWs.App.Discovery.Dns;

namespace EspWs.App.Discovery;

/// <summary>
/// The other EspWs devices heard on the network, from the announcements and answers that pass by: it never asks a
/// device anything, forgets one when its records expire or it says goodbye, and holds at most its capacity.
/// </summary>
public sealed class DeviceDirectory
{
    /// <summary>The service type every EspWs device announces.</summary>
    public const string ServiceType = "_espws._tcp";

    private static readonly string ServiceTypeName = ServiceType + "." + ServiceAnnouncement.Domain;

    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Entry> _devices = new(DnsName.Comparer);
    private string _ownInstance = "";

    /// <summary>Creates an empty directory that holds at most <paramref name="capacity"/> devices (<c>Discovery:MaxDevices</c>).</summary>
    public DeviceDirectory(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentNullException.ThrowIfNull(time);
        _capacity = capacity;
        _time = time;
    }

    /// <summary>Sets this device's own full instance name, which is never listed.</summary>
    public void SetOwnInstance(string fullName)
    {
        lock (_lock)
        {
            _ownInstance = fullName;
            _devices.Remove(fullName);
        }
    }

    /// <summary>Learns from one response heard on the network, sent from <paramref name="source"/>; queries teach nothing.</summary>
    public void OnMessage(DnsMessage message, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.IsResponse)
        {
            return;
        }

        List<DnsRecord> records = [.. message.Answers, .. message.Additionals];
        long now = _time.GetTimestamp();
        lock (_lock)
        {
            foreach (DnsRecord pointer in records.Where(r => r.Type == DnsType.DomainNamePointer && DnsName.Comparer.Equals(r.Name, ServiceTypeName)))
            {
                if (pointer.TargetName() is not { } instance || DnsName.Comparer.Equals(instance, _ownInstance))
                {
                    continue;
                }

                if (pointer.Ttl == 0)
                {
                    _devices.Remove(instance);
                    continue;
                }

                if (Learn(instance, records, source) is { } device && (_devices.ContainsKey(instance) || Count(now) < _capacity))
                {
                    _devices[instance] = new Entry(device, now + (long)(pointer.Ttl * (double)_time.TimestampFrequency));
                }
            }

            // A renewed certificate is announced with the instance's TXT (and SRV) alone by some responders.
            foreach (string known in _devices.Keys.ToList())
            {
                if (records.Any(r => r.Type is DnsType.Srv or DnsType.Txt && DnsName.Comparer.Equals(r.Name, known) && r.Ttl == 0))
                {
                    _devices.Remove(known);
                }
                else if (Learn(known, records, source, _devices[known].Device) is { } updated)
                {
                    _devices[known] = _devices[known] with { Device = updated };
                }
            }
        }
    }

    /// <summary>The devices heard and not yet expired, by name.</summary>
    public IReadOnlyList<DiscoveredDevice> List()
    {
        long now = _time.GetTimestamp();
        lock (_lock)
        {
            Count(now);
            return [.. _devices.Values.Select(e => e.Device).OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)];
        }
    }

    // Drops what expired; returns how many are left.
    private int Count(long now)
    {
        foreach (string expired in _devices.Where(d => d.Value.ExpiresAt <= now).Select(d => d.Key).ToList())
        {
            _devices.Remove(expired);
        }

        return _devices.Count;
    }

    // What the records say about one instance; null when they say nothing new (a known device keeps what it had).
    private static DiscoveredDevice? Learn(string instance, List<DnsRecord> records, IPAddress source, DiscoveredDevice? known = null)
    {
        DnsRecord? srv = records.FirstOrDefault(r => r.Type == DnsType.Srv && r.Ttl > 0 && DnsName.Comparer.Equals(r.Name, instance));
        DnsRecord? txt = records.FirstOrDefault(r => r.Type == DnsType.Txt && r.Ttl > 0 && DnsName.Comparer.Equals(r.Name, instance));
        if (srv is null && txt is null)
        {
            return null;
        }

        if (known is null && srv is null)
        {
            return null;
        }

        string? host = srv?.TargetName();
        IPAddress address = records.FirstOrDefault(r => r.Type == DnsType.A && r.Ttl > 0 && DnsName.Comparer.Equals(r.Name, host))?.Address()
            ?? known?.Address ?? source;
        Dictionary<string, string> keys = txt?.TxtEntries() ?? [];
        return new DiscoveredDevice(
            DnsName.FirstLabel(instance),
            address,
            srv?.Port() ?? known!.Port,
            txt is null ? known!.Board : keys.GetValueOrDefault("board", ""),
            txt is null ? known!.Tls : keys.GetValueOrDefault("tls") == "1",
            txt is null ? known!.Fingerprint : keys.GetValueOrDefault("sha256", ""),
            txt is null ? known!.TokenRequired : keys.GetValueOrDefault("auth") == "token",
            txt is null ? known!.Version : keys.GetValueOrDefault("version", ""));
    }

    private sealed record Entry(DiscoveredDevice Device, long ExpiresAt);
}
