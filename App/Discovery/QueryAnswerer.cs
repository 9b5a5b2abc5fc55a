using EspWs.App.Discovery.Dns;

namespace EspWs.App.Discovery;

/// <summary>Decides the answer to one query from the records the device owns (RFC 6762 §5-§7, RFC 6763 §9 and §12); pure, no I/O.</summary>
public static class QueryAnswerer
{
    /// <summary>The multicast DNS port; a query from any other port is a legacy unicast query (RFC 6762 §6.7).</summary>
    public const int Port = 5353;

    /// <summary>The longest TTL in an answer to a legacy unicast query (RFC 6762 §6.7).</summary>
    public const uint LegacyUnicastTtl = 10;

    /// <summary>
    /// Returns the response to <paramref name="query"/>, sent from <paramref name="sourcePort"/>, or null when the device
    /// has nothing the asker lacks. Only the questions asked are answered; <paramref name="mayMulticast"/> says whether a
    /// record may go to the group now (RFC 6762 §6's rate limit), its second argument true when the query is a probe.
    /// </summary>
    public static ResponsePlan? Answer(DnsMessage query, int sourcePort, IReadOnlyList<DnsRecord> owned, Func<DnsRecord, bool, bool> mayMulticast)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(owned);
        ArgumentNullException.ThrowIfNull(mayMulticast);
        if (query.IsResponse)
        {
            return null;
        }

        var answers = new List<DnsRecord>();
        bool allUnicast = true;
        foreach (DnsQuestion question in query.Questions)
        {
            List<DnsRecord> matching = [.. owned.Where(question.IsAnsweredBy).Where(r => !KnownToAsker(query, r))];
            answers.AddRange(matching.Where(r => !answers.Contains(r)));
            allUnicast &= matching.Count == 0 || question.UnicastResponse;
        }

        if (sourcePort != Port)
        {
            return answers.Count == 0 ? null : LegacyUnicast(query, answers, owned);
        }

        bool probe = query.Authorities.Count > 0;
        if (!allUnicast)
        {
            answers.RemoveAll(r => !mayMulticast(r, probe));
        }

        if (answers.Count == 0)
        {
            return null;
        }

        var response = new DnsMessage { IsResponse = true, Answers = answers, Additionals = AnnouncementRecords.Additional(answers, owned) };
        // Answers about names only this device holds go at once (§6); shared records wait so many hosts' answers spread out.
        return new ResponsePlan(response, allUnicast, Delayed: answers.Any(r => !r.CacheFlush));
    }

    // RFC 6762 §7.1: a record the asker already holds with at least half its TTL left is not sent again.
    private static bool KnownToAsker(DnsMessage query, DnsRecord record) =>
        query.Answers.Any(known => known.SameAs(record) && known.Ttl >= record.Ttl / 2);

    // RFC 6762 §6.7: the query's id and question repeated, TTLs of at most 10 s, no cache-flush bits, sent straight back.
    private static ResponsePlan LegacyUnicast(DnsMessage query, List<DnsRecord> answers, IReadOnlyList<DnsRecord> owned)
    {
        static DnsRecord Legacy(DnsRecord r) => r.WithTtl(Math.Min(r.Ttl, LegacyUnicastTtl), cacheFlush: false);
        var response = new DnsMessage
        {
            Id = query.Id,
            IsResponse = true,
            Questions = [.. query.Questions.Select(q => q with { UnicastResponse = false })],
            Answers = [.. answers.Select(Legacy)],
            Additionals = [.. AnnouncementRecords.Additional(answers, owned).Select(Legacy)],
        };
        return new ResponsePlan(response, Unicast: true, Delayed: false);
    }
}
