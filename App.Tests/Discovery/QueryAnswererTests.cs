using System.Net;
using EspWs.App.Discovery;
using EspWs.App.Discovery.Dns;

namespace EspWs.App.Tests.Discovery;

/// <summary>Only what is asked is answered, what the asker knows is not repeated, and legacy and unicast askers are answered directly (RFC 6762 §5-§7).</summary>
public sealed class QueryAnswererTests
{
    private static readonly List<DnsRecord> Owned = AnnouncementRecords.For(MdnsResponderTests.Announcement("Kitchen", "AA:BB"), IPAddress.Parse("192.0.2.1"));

    [Fact]
    public void A_question_for_another_name_gets_nothing()
    {
        Assert.Null(QueryAnswerer.Answer(Query(new DnsQuestion("_printer._tcp.local", DnsType.DomainNamePointer, false)), QueryAnswerer.Port, Owned, Always));
    }

    [Fact]
    public void A_record_the_asker_holds_with_half_its_ttl_left_is_not_sent_again()
    {
        DnsRecord pointer = Owned.First(r => r.Name == "_espws._tcp.local");
        DnsMessage query = Query(new DnsQuestion("_espws._tcp.local", DnsType.DomainNamePointer, false));
        query.Answers.Add(pointer.WithTtl(AnnouncementRecords.OtherTtl / 2, false));
        Assert.Null(QueryAnswerer.Answer(query, QueryAnswerer.Port, Owned, Always));

        query.Answers[0] = pointer.WithTtl((AnnouncementRecords.OtherTtl / 2) - 1, false);
        Assert.NotNull(QueryAnswerer.Answer(query, QueryAnswerer.Port, Owned, Always));
    }

    [Fact]
    public void A_legacy_query_is_answered_straight_back_with_its_id_its_question_and_short_ttls()
    {
        DnsMessage query = Query(new DnsQuestion("Kitchen._espws._tcp.local", DnsType.Srv, false));
        query = new DnsMessage { Id = 0x1234, Questions = query.Questions };

        ResponsePlan plan = Assert.IsType<ResponsePlan>(QueryAnswerer.Answer(query, 40000, Owned, Never));

        Assert.True(plan.Unicast);
        Assert.False(plan.Delayed);
        Assert.Equal(0x1234, plan.Response.Id);
        Assert.Single(plan.Response.Questions);
        Assert.All(plan.Response.Answers.Concat(plan.Response.Additionals), r => Assert.True(r.Ttl <= QueryAnswerer.LegacyUnicastTtl && !r.CacheFlush));
    }

    [Fact]
    public void A_question_asking_for_unicast_is_answered_to_the_asker_even_within_the_rate_limit()
    {
        ResponsePlan plan = Assert.IsType<ResponsePlan>(
            QueryAnswerer.Answer(Query(new DnsQuestion("espws-test.local", DnsType.A, true)), QueryAnswerer.Port, Owned, Never));

        Assert.True(plan.Unicast);
        Assert.False(plan.Delayed);
    }

    [Fact]
    public void A_record_sent_within_the_second_is_left_out_of_a_multicast_answer()
    {
        Assert.Null(QueryAnswerer.Answer(Query(new DnsQuestion("espws-test.local", DnsType.A, false)), QueryAnswerer.Port, Owned, Never));
    }

    [Fact]
    public void The_service_type_enumeration_lists_each_type_once()
    {
        ResponsePlan plan = Assert.IsType<ResponsePlan>(
            QueryAnswerer.Answer(Query(new DnsQuestion(AnnouncementRecords.ServiceTypesName, DnsType.DomainNamePointer, false)), QueryAnswerer.Port, Owned, Always));

        Assert.Equal(["_espws._tcp.local", "_http._tcp.local", "_prometheus-http._tcp.local"], plan.Response.Answers.Select(r => r.TargetName() ?? "").Order().ToArray());
        Assert.Empty(plan.Response.Additionals);
    }

    [Fact]
    public void A_response_is_never_answered()
    {
        Assert.Null(QueryAnswerer.Answer(new DnsMessage { IsResponse = true, Questions = [new DnsQuestion("espws-test.local", DnsType.A, false)] }, QueryAnswerer.Port, Owned, Always));
    }

    private static bool Always(DnsRecord record, bool probe) => true;

    private static bool Never(DnsRecord record, bool probe) => false;

    private static DnsMessage Query(DnsQuestion question) => new() { Questions = [question] };
}
