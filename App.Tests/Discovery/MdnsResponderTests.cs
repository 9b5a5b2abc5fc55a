using System.Net;
using EspWs.App.Discovery;
using EspWs.App.Discovery.Dns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Discovery;

/// <summary>The responder keeps RFC 6762's rules on a fake clock: probe, announce, answer, rename on conflict, say goodbye.</summary>
public sealed class MdnsResponderTests : IDisposable
{
    private static readonly MdnsInterface Eth0 = new(2, "eth0", IPAddress.Parse("192.0.2.1"), 24);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.9"), QueryAnswerer.Port);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly RecordingSender _sender = new();
    private readonly MdnsResponder _responder;

    public MdnsResponderTests()
    {
        _responder = new MdnsResponder(Announcement("Kitchen", "AA:BB"), [Eth0], _sender, NullLogger.Instance, _time);
    }

    public void Dispose() => _responder.Dispose();

    [Fact]
    public void Probes_three_times_250_ms_apart_then_announces_twice_a_second_apart()
    {
        _responder.Start();
        Pass(TimeSpan.FromMilliseconds(250));
        Assert.Single(_sender.Probes);
        while (_sender.Probes.Count == 1)
        {
            // The first probe went out at a random moment in the first 250 ms; find when the next is due.
            Pass(TimeSpan.FromMilliseconds(1));
        }

        Pass(TimeSpan.FromMilliseconds(249));
        Assert.Equal(2, _sender.Probes.Count);
        Pass(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, _sender.Probes.Count);
        Assert.Empty(_sender.Responses);

        Pass(TimeSpan.FromMilliseconds(250));
        Assert.Single(_sender.Responses);
        Pass(TimeSpan.FromMilliseconds(999));
        Assert.Single(_sender.Responses);
        Pass(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _sender.Responses.Count);
        Pass(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _sender.Responses.Count);
        Assert.Equal(ResponderPhase.Serving, _responder.Phase);

        DnsMessage probe = _sender.Probes[0];
        Assert.All(probe.Questions, q => Assert.True(q.Type == DnsType.Any && q.UnicastResponse));
        Assert.Contains(probe.Questions, q => q.Name == "Kitchen._espws._tcp.local");
        Assert.Contains(probe.Questions, q => q.Name == "espws-test.local");
        Assert.All(_sender.Sent, s => Assert.Equal(MdnsResponder.Group, s.To));
    }

    [Fact]
    public void The_announcement_carries_every_service_with_its_txt_and_the_address_of_the_interface()
    {
        Announce();

        DnsMessage announcement = _sender.Responses[0];
        Assert.Contains(announcement.Answers, r => r.Type == DnsType.DomainNamePointer && r.Name == "_espws._tcp.local" && r.TargetName() == "Kitchen._espws._tcp.local" && !r.CacheFlush);
        Assert.Contains(announcement.Answers, r => r.Type == DnsType.DomainNamePointer && r.Name == "_http._tcp.local");
        Assert.Contains(announcement.Answers, r => r.Type == DnsType.DomainNamePointer && r.Name == AnnouncementRecords.ServiceTypesName && r.TargetName() == "_espws._tcp.local");
        DnsRecord srv = Assert.Single(announcement.Answers, r => r.Type == DnsType.Srv && r.Name == "Kitchen._espws._tcp.local");
        Assert.Equal((ushort)9998, srv.Port());
        Assert.Equal("espws-test.local", srv.TargetName());
        Assert.True(srv.CacheFlush);
        Assert.Equal(AnnouncementRecords.HostTtl, srv.Ttl);
        DnsRecord txt = Assert.Single(announcement.Answers, r => r.Type == DnsType.Txt && r.Name == "Kitchen._espws._tcp.local");
        Assert.Equal("AA:BB", txt.TxtEntries()["sha256"]);
        Assert.Equal(AnnouncementRecords.OtherTtl, txt.Ttl);
        Assert.Equal(Eth0.Address, Assert.Single(announcement.Answers, r => r.Type == DnsType.A).Address());
    }

    [Fact]
    public void A_question_gets_only_its_answer_with_the_records_that_resolve_it_after_a_short_delay()
    {
        Announce();
        Pass(TimeSpan.FromSeconds(2));
        _sender.Clear();

        _responder.OnPacket(Query("_espws._tcp.local", DnsType.DomainNamePointer), Peer, Eth0.Index);
        Assert.Empty(_sender.Sent);
        Pass(TimeSpan.FromMilliseconds(120));

        DnsMessage answer = Assert.Single(_sender.Responses);
        DnsRecord pointer = Assert.Single(answer.Answers);
        Assert.Equal("_espws._tcp.local", pointer.Name);
        Assert.Equal(
            [DnsType.A, DnsType.Txt, DnsType.Srv],
            answer.Additionals.Select(r => r.Type).Order().ToArray());
        Assert.DoesNotContain(answer.Additionals, r => r.Name.Contains("_http", StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_is_multicast_at_most_once_a_second()
    {
        Announce();
        Pass(TimeSpan.FromSeconds(2));
        _sender.Clear();

        _responder.OnPacket(Query("espws-test.local", DnsType.A), Peer, Eth0.Index);
        _responder.OnPacket(Query("espws-test.local", DnsType.A), Peer, Eth0.Index);
        Assert.Single(_sender.Responses);

        Pass(TimeSpan.FromSeconds(1));
        _responder.OnPacket(Query("espws-test.local", DnsType.A), Peer, Eth0.Index);
        Assert.Equal(2, _sender.Responses.Count);
    }

    [Fact]
    public void A_name_taken_while_probing_is_renamed_and_probed_again()
    {
        _responder.Start();
        Pass(TimeSpan.FromMilliseconds(250));
        var other = DnsRecord.Srv("Kitchen._espws._tcp.local", "other.local", 80, 120);

        _responder.OnPacket(new DnsMessage { IsResponse = true, Answers = [other] }, Peer, Eth0.Index);
        _sender.Clear();
        Announce(alreadyStarted: true);

        Assert.Equal("Kitchen (2)", _responder.Announcement.Instance);
        Assert.All(_sender.Probes, p => Assert.Contains(p.Questions, q => q.Name == "Kitchen (2)._espws._tcp.local"));
        Assert.Contains(_sender.Responses[0].Answers, r => r.Name == "Kitchen (2)._http._tcp.local");
    }

    [Fact]
    public void Our_own_probe_heard_back_is_no_conflict()
    {
        _responder.Start();
        Pass(TimeSpan.FromMilliseconds(250));
        DnsMessage ownProbe = Assert.Single(_sender.Probes);

        _responder.OnPacket(ownProbe, new IPEndPoint(Eth0.Address, QueryAnswerer.Port), Eth0.Index);
        Pass(TimeSpan.FromMilliseconds(750));

        Assert.Equal(3, _sender.Probes.Count);
        Assert.Equal("Kitchen", _responder.Announcement.Instance);
    }

    [Fact]
    public void A_simultaneous_probe_with_later_data_wins_and_we_wait_a_second()
    {
        _responder.Start();
        Pass(TimeSpan.FromMilliseconds(250));
        // RFC 6762 §8.2: their A record 192.0.2.200 sorts after ours (192.0.2.1), so they win the tie.
        var theirs = new DnsMessage
        {
            Questions = [new DnsQuestion("espws-test.local", DnsType.Any, true)],
            Authorities = [DnsRecord.A("espws-test.local", IPAddress.Parse("192.0.2.200"), 120)],
        };
        _responder.OnPacket(theirs, Peer, Eth0.Index);
        _sender.Clear();

        Pass(TimeSpan.FromMilliseconds(999));
        Assert.Empty(_sender.Probes);
        Pass(TimeSpan.FromMilliseconds(1));
        Assert.Single(_sender.Probes);
    }

    [Fact]
    public void A_renewed_certificate_is_announced_again_with_its_new_fingerprint()
    {
        Announce();
        Pass(TimeSpan.FromSeconds(5));
        _sender.Clear();

        _responder.UpdateServices(ServiceTypes.For("simulated", "1.0", tokenRequired: true, "CC:DD"));
        Pass(TimeSpan.FromSeconds(1));

        Assert.Equal(2, _sender.Responses.Count);
        Assert.Empty(_sender.Probes);
        Assert.All(_sender.Responses, r => Assert.Equal("CC:DD",
            r.Answers.First(a => a.Type == DnsType.Txt && a.Name == "Kitchen._espws._tcp.local").TxtEntries()["sha256"]));
    }

    [Fact]
    public void Stop_says_goodbye_with_every_record_at_ttl_0()
    {
        Announce();
        _sender.Clear();

        _responder.Stop();

        DnsMessage goodbye = Assert.Single(_sender.Responses);
        Assert.NotEmpty(goodbye.Answers);
        Assert.All(goodbye.Answers, r => Assert.Equal(0u, r.Ttl));
        Assert.Contains(goodbye.Answers, r => r.Type == DnsType.DomainNamePointer && r.Name == "_espws._tcp.local");
    }

    [Fact]
    public void A_conflicting_answer_after_announcing_sends_it_back_to_probing()
    {
        Announce();
        _sender.Clear();

        _responder.OnPacket(new DnsMessage { IsResponse = true, Answers = [DnsRecord.A("espws-test.local", IPAddress.Parse("192.0.2.7"), 120)] }, Peer, Eth0.Index);
        Pass(TimeSpan.FromMilliseconds(1));

        Assert.Equal(ResponderPhase.Probing, _responder.Phase);
        Assert.Single(_sender.Probes);
    }

    internal static ServiceAnnouncement Announcement(string name, string fingerprint) =>
        new(name, "espws-test", 9998, ServiceTypes.For("simulated", "1.0", tokenRequired: true, fingerprint));

    private static DnsMessage Query(string name, ushort type) => new() { Questions = [new DnsQuestion(name, type, false)] };

    private void Announce(bool alreadyStarted = false)
    {
        if (!alreadyStarted)
        {
            _responder.Start();
        }

        // Up to 250 ms of random start, three probes and the wait after the last: then the first announcement.
        Pass(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(ResponderPhase.Announcing, _responder.Phase);
    }

    // The fake clock fires a timer once per Advance, so time passes a millisecond at a time, as it does for timers rearmed in their callbacks.
    private void Pass(TimeSpan span)
    {
        for (int ms = 0; ms < span.TotalMilliseconds; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }
}
