using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace EspWs.App.Discovery.Dns;

/// <summary>
/// One resource record of class IN: its owner name, type, cache-flush bit (RFC 6762 §10.2), TTL and data, the data
/// kept in uncompressed wire form so that two records compare byte by byte as RFC 6762 §8.2 asks.
/// </summary>
public sealed class DnsRecord
{
    /// <summary>Creates a record; <paramref name="data"/> is the uncompressed RDATA.</summary>
    public DnsRecord(string name, ushort type, bool cacheFlush, uint ttl, byte[] data)
    {
        Name = name;
        Type = type;
        CacheFlush = cacheFlush;
        Ttl = ttl;
        Data = data;
    }

    /// <summary>Gets the owner name, in presentation form.</summary>
    public string Name { get; }

    /// <summary>Gets the record's type (<see cref="DnsType"/>).</summary>
    public ushort Type { get; }

    /// <summary>Gets whether the record is unique to its owner, so caches drop other data for its name and type (RFC 6762 §10.2).</summary>
    public bool CacheFlush { get; }

    /// <summary>Gets how long, in seconds, the record may be cached; 0 says goodbye (RFC 6762 §10.1).</summary>
    public uint Ttl { get; }

    /// <summary>Gets the RDATA, uncompressed.</summary>
    public byte[] Data { get; }

    /// <summary>A PTR record from <paramref name="name"/> to <paramref name="target"/>, shared (no cache-flush).</summary>
    public static DnsRecord PointerTo(string name, string target, uint ttl) => new(name, DnsType.DomainNamePointer, false, ttl, DnsName.ToWire(target));

    /// <summary>An SRV record (RFC 2782) with priority and weight 0.</summary>
    public static DnsRecord Srv(string name, string host, ushort port, uint ttl)
    {
        byte[] target = DnsName.ToWire(host);
        byte[] data = new byte[6 + target.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(4), port);
        target.CopyTo(data, 6);
        return new DnsRecord(name, DnsType.Srv, true, ttl, data);
    }

    /// <summary>A TXT record of <paramref name="entries"/>, each a length-prefixed string (RFC 6763 §6.1).</summary>
    public static DnsRecord Txt(string name, IEnumerable<string> entries, uint ttl)
    {
        var data = new List<byte>();
        foreach (string entry in entries)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(entry);
            data.Add((byte)bytes.Length);
            data.AddRange(bytes);
        }

        // RFC 6763 §6.1: a TXT record with nothing to say still holds one empty string.
        return new DnsRecord(name, DnsType.Txt, true, ttl, data.Count == 0 ? [0] : [.. data]);
    }

    /// <summary>An A record for <paramref name="address"/> (IPv4).</summary>
    public static DnsRecord A(string name, IPAddress address, uint ttl) => new(name, DnsType.A, true, ttl, address.GetAddressBytes());

    /// <summary>The same record with another TTL: 0 for a goodbye, at most 10 s for a legacy unicast answer.</summary>
    public DnsRecord WithTtl(uint ttl, bool cacheFlush) => new(Name, Type, cacheFlush, ttl, Data);

    /// <summary>True when <paramref name="other"/> has the same name, type and data (TTL and cache-flush aside).</summary>
    public bool SameAs(DnsRecord other) =>
        other.Type == Type && DnsName.Comparer.Equals(other.Name, Name) && other.Data.AsSpan().SequenceEqual(Data);

    /// <summary>
    /// Orders two records as RFC 6762 §8.2 does for simultaneous probes: class (without the cache-flush bit), then
    /// type, then the data byte by byte; negative when this one sorts first.
    /// </summary>
    public int CompareForTieBreak(DnsRecord other) =>
        Type != other.Type ? Type.CompareTo(other.Type) : Data.AsSpan().SequenceCompareTo(other.Data);

    /// <summary>The name a PTR record points to, or a SRV record's target.</summary>
    public string? TargetName()
    {
        int offset = Type switch { DnsType.DomainNamePointer => 0, DnsType.Srv => 6, _ => -1 };
        return offset >= 0 && DnsName.TryRead(Data, ref offset, out string name) ? name : null;
    }

    /// <summary>The port of a SRV record.</summary>
    public ushort? Port() => Type == DnsType.Srv && Data.Length >= 6 ? BinaryPrimitives.ReadUInt16BigEndian(Data.AsSpan(4)) : null;

    /// <summary>The address of an A or AAAA record.</summary>
    public IPAddress? Address() => (Type, Data.Length) is (DnsType.A, 4) or (DnsType.Aaaa, 16) ? new IPAddress(Data) : null;

    /// <summary>The key=value pairs of a TXT record; a key without '=' has an empty value, a repeated key keeps its first (RFC 6763 §6.4).</summary>
    public Dictionary<string, string> TxtEntries()
    {
        var entries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; Type == DnsType.Txt && i < Data.Length;)
        {
            int length = Data[i];
            if (i + 1 + length > Data.Length)
            {
                break;
            }

            string entry = Encoding.UTF8.GetString(Data, i + 1, length);
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? entry : entry[..equals];
            if (key.Length > 0)
            {
                entries.TryAdd(key, equals < 0 ? "" : entry[(equals + 1)..]);
            }

            i += 1 + length;
        }

        return entries;
    }
}
