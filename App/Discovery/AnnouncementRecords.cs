using System.Net;
using EspWs.App.Discovery.Dns;

namespace EspWs.App.Discovery;

/// <summary>The DNS-SD records of a <see cref="ServiceAnnouncement"/> on one interface (RFC 6763 §4-§6, §9, §12), with RFC 6762 §10's TTLs.</summary>
public static class AnnouncementRecords
{
    /// <summary>The TTL of records that name the host (SRV, A): 120 s (RFC 6762 §10).</summary>
    public const uint HostTtl = 120;

    /// <summary>The TTL of the other records (PTR, TXT): 75 minutes (RFC 6762 §10).</summary>
    public const uint OtherTtl = 4500;

    /// <summary>The name whose PTR records list the service types on the link (RFC 6763 §9).</summary>
    public const string ServiceTypesName = "_services._dns-sd._udp.local";

    /// <summary>Every record the device owns on an interface whose address is <paramref name="address"/>.</summary>
    public static List<DnsRecord> For(ServiceAnnouncement announcement, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var records = new List<DnsRecord>();
        foreach (AnnouncedService service in announcement.Services)
        {
            string instance = announcement.InstanceNameOf(service);
            records.Add(DnsRecord.PointerTo(service.TypeName, instance, OtherTtl));
            records.Add(DnsRecord.Srv(instance, announcement.HostName, announcement.Port, HostTtl));
            records.Add(DnsRecord.Txt(instance, service.Txt, OtherTtl));
            records.Add(DnsRecord.PointerTo(ServiceTypesName, service.TypeName, OtherTtl));
        }

        records.Add(DnsRecord.A(announcement.HostName, address, HostTtl));
        return records;
    }

    /// <summary>The names only this device may hold, which it probes before using (RFC 6762 §8.1): each instance and the host.</summary>
    public static List<string> UniqueNames(ServiceAnnouncement announcement)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        return [.. announcement.Services.Select(announcement.InstanceNameOf), announcement.HostName];
    }

    /// <summary>
    /// The records that should go with <paramref name="answers"/> so the asker needs no second query (RFC 6763 §12):
    /// with a service PTR its SRV, TXT and the host's address; with a SRV the host's address.
    /// </summary>
    public static List<DnsRecord> Additional(IReadOnlyCollection<DnsRecord> answers, IReadOnlyList<DnsRecord> owned)
    {
        var additional = new List<DnsRecord>();
        foreach (DnsRecord answer in answers)
        {
            string? target = answer.TargetName();
            if (answer.Type == DnsType.DomainNamePointer && target is not null && !DnsName.Comparer.Equals(answer.Name, ServiceTypesName))
            {
                additional.AddRange(owned.Where(r => (r.Type is DnsType.Srv or DnsType.Txt) && DnsName.Comparer.Equals(r.Name, target)));
                target = owned.FirstOrDefault(r => r.Type == DnsType.Srv && DnsName.Comparer.Equals(r.Name, target))?.TargetName();
            }

            if (target is not null && answer.Type is DnsType.DomainNamePointer or DnsType.Srv)
            {
                additional.AddRange(owned.Where(r => r.Type == DnsType.A && DnsName.Comparer.Equals(r.Name, target)));
            }
        }

        return [.. additional.Distinct().Where(r => !answers.Contains(r))];
    }
}
