using EspWs.App.Discovery.Dns;

namespace EspWs.App.Discovery;

/// <summary>
/// When each of the device's records was last multicast on each interface, so no record goes out more than once a
/// second, or once every 250 ms in defence of a probed name (RFC 6762 §6).
/// </summary>
public sealed class MulticastRateLimit
{
    /// <summary>The shortest time between two multicasts of one record.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The shortest time between two multicasts of one record that answer a probe.</summary>
    public static readonly TimeSpan ProbeDefenceInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly Dictionary<(int Interface, DnsRecord Record), long> _sent = [];

    /// <summary>Creates an empty record of sends, timed by <paramref name="time"/>.</summary>
    public MulticastRateLimit(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>True when <paramref name="record"/> may be multicast on <paramref name="interfaceIndex"/> now.</summary>
    public bool Allows(int interfaceIndex, DnsRecord record, bool probeDefence) =>
        !_sent.TryGetValue((interfaceIndex, record), out long at)
        || _time.GetElapsedTime(at) >= (probeDefence ? ProbeDefenceInterval : Interval);

    /// <summary>Notes that <paramref name="records"/> were multicast on <paramref name="interfaceIndex"/> now.</summary>
    public void Sent(int interfaceIndex, IEnumerable<DnsRecord> records)
    {
        long now = _time.GetTimestamp();
        foreach (DnsRecord record in records)
        {
            _sent[(interfaceIndex, record)] = now;
        }
    }

    /// <summary>Forgets every send: the records were replaced.</summary>
    public void Clear() => _sent.Clear();
}
