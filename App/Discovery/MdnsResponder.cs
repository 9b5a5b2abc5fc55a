using System.Net;
using EspWs.App.Discovery.Dns;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Discovery;

/// <summary>
/// The device's own multicast DNS responder (RFC 6762) for its DNS-SD services (RFC 6763): it probes its names, renames
/// on a conflict, announces, answers only what is asked within the rate limits, and says goodbye when stopped.
/// </summary>
/// <remarks>
/// The socket is elsewhere (<see cref="IMulticastSender"/> and <see cref="OnPacket"/>) and time comes from a
/// <see cref="TimeProvider"/>, so every rule here runs under a fake clock in tests. One lock orders packets and timers.
/// </remarks>
public sealed class MdnsResponder : IDisposable
{
    /// <summary>The multicast DNS group and port for IPv4.</summary>
    public static readonly IPEndPoint Group = new(IPAddress.Parse("224.0.0.251"), QueryAnswerer.Port);

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AnnounceInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LostTieBreakWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConflictWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConflictBackoff = TimeSpan.FromSeconds(5);
    private const int ProbeCount = 3;
    private const int AnnounceCount = 2;
    private const int ConflictsBeforeBackoff = 15;
    private const int MaxDelayedResponses = 16;

    private readonly Lock _lock = new();
    private readonly IMulticastSender _sender;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly MulticastRateLimit _rateLimit;
    private readonly Queue<long> _conflicts = new();
    private readonly HashSet<ITimer> _delayed = [];
    private readonly string _configuredInstance;
    private readonly string _configuredHost;
    private ServiceAnnouncement _announcement;
    private IReadOnlyList<MdnsInterface> _interfaces;
    private Dictionary<int, List<DnsRecord>> _owned = [];
    private int _instanceAttempt = 1;
    private int _hostAttempt = 1;
    private int _step;

    /// <summary>Creates a responder for <paramref name="announcement"/> on <paramref name="interfaces"/>; it sends nothing until <see cref="Start"/>.</summary>
    public MdnsResponder(ServiceAnnouncement announcement, IReadOnlyList<MdnsInterface> interfaces, IMulticastSender sender, ILogger log, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        ArgumentNullException.ThrowIfNull(time);
        _announcement = announcement;
        _configuredInstance = announcement.Instance;
        _configuredHost = announcement.Host;
        _interfaces = interfaces;
        _sender = sender;
        _log = log;
        _time = time;
        _rateLimit = new MulticastRateLimit(time);
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Rebuild();
    }

    /// <summary>Gets where the responder stands.</summary>
    public ResponderPhase Phase { get; private set; }

    /// <summary>Gets what is announced now, with the names the responder holds (renamed after a conflict).</summary>
    public ServiceAnnouncement Announcement
    {
        get
        {
            lock (_lock)
            {
                return _announcement;
            }
        }
    }

    /// <summary>Starts probing after a random 0-250 ms, so hosts powered on together do not probe in step (RFC 6762 §8.1).</summary>
    public void Start()
    {
        lock (_lock)
        {
            StartProbing(TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)ProbeInterval.TotalMilliseconds)));
        }
    }

    /// <summary>Announces new TXT strings (a renewed certificate's fingerprint) under the names already held (RFC 6762 §8.4).</summary>
    public void UpdateServices(IReadOnlyList<AnnouncedService> services)
    {
        lock (_lock)
        {
            _announcement = _announcement with { Services = services };
            Rebuild();
            if (Phase is ResponderPhase.Announcing or ResponderPhase.Serving)
            {
                Phase = ResponderPhase.Announcing;
                _step = 0;
                OnTimerLocked();
            }
        }
    }

    /// <summary>Moves to <paramref name="interfaces"/> (an address came or went) and probes and announces again (RFC 6762 §8).</summary>
    public void UpdateInterfaces(IReadOnlyList<MdnsInterface> interfaces)
    {
        lock (_lock)
        {
            _interfaces = interfaces;
            Rebuild();
            if (Phase != ResponderPhase.Idle)
            {
                StartProbing(TimeSpan.Zero);
            }
        }
    }

    /// <summary>Takes one packet received on <paramref name="interfaceIndex"/> from <paramref name="source"/>: a query to answer, or a sign of a conflict.</summary>
    public void OnPacket(DnsMessage message, IPEndPoint source, int interfaceIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(source);
        lock (_lock)
        {
            if (!_owned.TryGetValue(interfaceIndex, out List<DnsRecord>? owned))
            {
                return;
            }

            switch (Phase)
            {
                case ResponderPhase.Probing when message.IsResponse:
                    RenameOnConflict(message.Answers.Concat(message.Additionals));
                    break;
                case ResponderPhase.Probing:
                    BreakProbeTie(message);
                    break;
                case ResponderPhase.Announcing or ResponderPhase.Serving when message.IsResponse:
                    ProbeAgainOnConflict(message.Answers.Concat(message.Additionals));
                    break;
                case ResponderPhase.Announcing or ResponderPhase.Serving:
                    Respond(message, source, interfaceIndex, owned);
                    break;
            }
        }
    }

    /// <summary>Says goodbye (every record with TTL 0, RFC 6762 §10.1) if anything was announced, and stops.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            if (Phase is ResponderPhase.Announcing or ResponderPhase.Serving)
            {
                foreach ((int index, List<DnsRecord> owned) in _owned)
                {
                    Send(new DnsMessage { IsResponse = true, Answers = [.. owned.Select(r => r.WithTtl(0, r.CacheFlush))] }, index, Group);
                }

                _log.LogInformation("mDNS: goodbye sent for '{Instance}'.", _announcement.Instance);
            }

            Phase = ResponderPhase.Idle;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            CancelDelayed();
        }
    }

    /// <summary>Stops without a goodbye and releases the timers.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            Phase = ResponderPhase.Idle;
            CancelDelayed();
        }

        _timer.Dispose();
    }

    private void StartProbing(TimeSpan delay)
    {
        CancelDelayed();
        Phase = ResponderPhase.Probing;
        _step = 0;
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            OnTimerLocked();
        }
    }

    private void OnTimerLocked()
    {
        switch (Phase)
        {
            case ResponderPhase.Probing when _step < ProbeCount:
                _step++;
                SendProbes();
                _timer.Change(ProbeInterval, Timeout.InfiniteTimeSpan);
                break;
            case ResponderPhase.Probing:
                // Nobody objected within 250 ms of the third probe: the names are ours.
                Phase = ResponderPhase.Announcing;
                _step = 0;
                OnTimerLocked();
                break;
            case ResponderPhase.Announcing when _step < AnnounceCount:
                _step++;
                SendAnnouncements();
                if (_step == 1)
                {
                    _log.LogInformation("mDNS: announcing '{Instance}' ({Types}) on port {Port} as {Host} on {Interfaces}.", _announcement.Instance,
                        string.Join(", ", _announcement.Services.Select(s => s.Type)), _announcement.Port, _announcement.HostName, string.Join(", ", _interfaces));
                }

                _timer.Change(AnnounceInterval, Timeout.InfiniteTimeSpan);
                break;
            case ResponderPhase.Announcing:
                Phase = ResponderPhase.Serving;
                break;
        }
    }

    // RFC 6762 §8.1: a question of type ANY for every name to claim, asking for unicast replies, the proposed records in Authority.
    private void SendProbes()
    {
        List<string> names = AnnouncementRecords.UniqueNames(_announcement);
        foreach ((int index, List<DnsRecord> owned) in _owned)
        {
            var probe = new DnsMessage
            {
                Questions = [.. names.Select(n => new DnsQuestion(n, DnsType.Any, UnicastResponse: true))],
                Authorities = [.. owned.Where(r => r.CacheFlush)],
            };
            Send(probe, index, Group);
        }
    }

    // RFC 6762 §8.3: every record, unsolicited, to the group.
    private void SendAnnouncements()
    {
        foreach ((int index, List<DnsRecord> owned) in _owned)
        {
            Send(new DnsMessage { IsResponse = true, Answers = owned }, index, Group);
            _rateLimit.Sent(index, owned);
        }
    }

    private void Respond(DnsMessage query, IPEndPoint source, int interfaceIndex, List<DnsRecord> owned)
    {
        ResponsePlan? plan = QueryAnswerer.Answer(query, source.Port, owned, (r, probe) => _rateLimit.Allows(interfaceIndex, r, probe));
        if (plan is null)
        {
            return;
        }

        IPEndPoint destination = plan.Unicast ? source : Group;
        if (!plan.Delayed)
        {
            SendResponse(plan, interfaceIndex, destination);
            return;
        }

        if (_delayed.Count >= MaxDelayedResponses)
        {
            return;
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            lock (_lock)
            {
                if (timer is not null && _delayed.Remove(timer) && Phase is ResponderPhase.Announcing or ResponderPhase.Serving)
                {
                    SendResponse(plan, interfaceIndex, destination);
                }
            }

            timer?.Dispose();
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _delayed.Add(timer);
        timer.Change(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 121)), Timeout.InfiniteTimeSpan);
    }

    private void SendResponse(ResponsePlan plan, int interfaceIndex, IPEndPoint destination)
    {
        Send(plan.Response, interfaceIndex, destination);
        if (!plan.Unicast)
        {
            _rateLimit.Sent(interfaceIndex, plan.Response.Answers);
        }
    }

    // RFC 6762 §8.1: while probing, any answer that holds one of the names with other data means the name is taken.
    private void RenameOnConflict(IEnumerable<DnsRecord> heard)
    {
        foreach (DnsRecord record in heard)
        {
            if (IsClaimedElsewhere(record, sameTypeOnly: false))
            {
                Rename(record.Name);
                return;
            }
        }
    }

    // RFC 6762 §9: a unique record of ours answered by someone else with other data; probe again, which renames if it persists.
    private void ProbeAgainOnConflict(IEnumerable<DnsRecord> heard)
    {
        if (heard.FirstOrDefault(r => IsClaimedElsewhere(r, sameTypeOnly: true)) is { } conflicting)
        {
            _log.LogWarning("mDNS: another host answers for {Name} with other data; probing again.", conflicting.Name);
            NoteConflict();
            StartProbing(TimeSpan.Zero);
        }
    }

    private bool IsClaimedElsewhere(DnsRecord record, bool sameTypeOnly)
    {
        List<DnsRecord> ours = [.. _owned.Values.SelectMany(o => o).Where(r => r.CacheFlush && DnsName.Comparer.Equals(r.Name, record.Name))];
        if (ours.Count == 0 || record.Ttl == 0 || ours.Any(r => r.SameAs(record)))
        {
            return false;
        }

        return !sameTypeOnly || ours.Any(r => r.Type == record.Type);
    }

    // RFC 6762 §8.2: simultaneous probes for one name; the lexicographically later set of proposed records wins.
    private void BreakProbeTie(DnsMessage probe)
    {
        foreach (string name in AnnouncementRecords.UniqueNames(_announcement))
        {
            List<DnsRecord> theirs = Sorted(probe.Authorities.Where(r => DnsName.Comparer.Equals(r.Name, name)));
            if (theirs.Count == 0)
            {
                continue;
            }

            List<DnsRecord> ours = Sorted(_owned.Values.SelectMany(o => o).Where(r => r.CacheFlush && DnsName.Comparer.Equals(r.Name, name)).Distinct());
            int comparison = 0;
            for (int i = 0; i < Math.Min(ours.Count, theirs.Count) && comparison == 0; i++)
            {
                comparison = ours[i].CompareForTieBreak(theirs[i]);
            }

            comparison = comparison != 0 ? comparison : ours.Count.CompareTo(theirs.Count);
            if (comparison < 0)
            {
                _log.LogDebug("mDNS: lost a simultaneous probe for {Name}; probing again in 1 s.", name);
                StartProbing(LostTieBreakWait);
                return;
            }
        }
    }

    private static List<DnsRecord> Sorted(IEnumerable<DnsRecord> records)
    {
        List<DnsRecord> list = [.. records];
        list.Sort((a, b) => a.CompareForTieBreak(b));
        return list;
    }

    private void Rename(string takenName)
    {
        string taken;
        if (DnsName.Comparer.Equals(takenName, _announcement.HostName))
        {
            taken = _announcement.HostName;
            _announcement = _announcement with { Host = InstanceName.RenamedHost(_configuredHost, ++_hostAttempt) };
            _log.LogWarning("mDNS: the host name {Taken} is taken on the network; using {Name}.", taken, _announcement.HostName);
        }
        else
        {
            taken = _announcement.Instance;
            _announcement = _announcement with { Instance = InstanceName.Renamed(_configuredInstance, ++_instanceAttempt) };
            _log.LogWarning("mDNS: the name '{Taken}' is taken on the network; using '{Name}'.", taken, _announcement.Instance);
        }

        Rebuild();
        StartProbing(NoteConflict() ? ConflictBackoff : TimeSpan.Zero);
    }

    // RFC 6762 §8.1: fifteen conflicts within ten seconds, and each further probe waits five seconds.
    private bool NoteConflict()
    {
        long now = _time.GetTimestamp();
        _conflicts.Enqueue(now);
        while (_conflicts.Count > 0 && _time.GetElapsedTime(_conflicts.Peek(), now) > ConflictWindow)
        {
            _conflicts.Dequeue();
        }

        return _conflicts.Count >= ConflictsBeforeBackoff;
    }

    private void Rebuild()
    {
        _owned = _interfaces.ToDictionary(i => i.Index, i => AnnouncementRecords.For(_announcement, i.Address));
        _rateLimit.Clear();
    }

    private void CancelDelayed()
    {
        foreach (ITimer timer in _delayed)
        {
            timer.Dispose();
        }

        _delayed.Clear();
    }

    private void Send(DnsMessage message, int interfaceIndex, IPEndPoint destination) => _sender.Send(message.ToWire(), interfaceIndex, destination);
}
