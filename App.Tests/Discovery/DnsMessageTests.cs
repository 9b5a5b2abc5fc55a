using System.Net;
using EspWs.App.Discovery;
using EspWs.App.Discovery.Dns;

namespace EspWs.App.Tests.Discovery;

/// <summary>The wire format reads back what it writes, compresses names, and refuses malformed packets without throwing.</summary>
public sealed class DnsMessageTests
{
    [Fact]
    public void A_message_reads_back_as_written_with_names_compressed()
    {
        ServiceAnnouncement announcement = MdnsResponderTests.Announcement("Kitchen.Lab \\ 1", "AA:BB");
        var message = new DnsMessage { IsResponse = true, Answers = AnnouncementRecords.For(announcement, IPAddress.Parse("192.0.2.1")) };

        byte[] wire = message.ToWire();
        Assert.True(DnsMessage.TryParse(wire, out DnsMessage read));

        Assert.True(read.IsResponse);
        Assert.Equal(message.Answers.Count, read.Answers.Count);
        Assert.All(message.Answers.Zip(read.Answers), pair => Assert.True(pair.First.SameAs(pair.Second) && pair.First.Ttl == pair.Second.Ttl && pair.First.CacheFlush == pair.Second.CacheFlush));
        Assert.Equal("Kitchen.Lab \\ 1", DnsName.FirstLabel(read.Answers.First(r => r.Type == DnsType.Srv).Name));
        // Without compression the owner names alone would take more than this.
        Assert.True(wire.Length < 1000, $"{wire.Length} bytes");
    }

    [Fact]
    public void A_compression_pointer_that_does_not_point_backwards_is_refused()
    {
        // Header with one question whose name is a pointer to itself (offset 12): a loop.
        byte[] packet = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];

        Assert.False(DnsMessage.TryParse(packet, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(20)]
    public void A_truncated_message_is_refused(int length)
    {
        byte[] wire = new DnsMessage { Questions = [new DnsQuestion("_espws._tcp.local", DnsType.DomainNamePointer, false)] }.ToWire();

        Assert.False(DnsMessage.TryParse(wire.AsSpan(0, Math.Min(length, wire.Length - 1)), out _));
    }

    [Fact]
    public void Txt_entries_are_read_as_keys_and_values()
    {
        DnsRecord txt = DnsRecord.Txt("x.local", ["txtvers=1", "tls=1", "flag", "sha256=AA:BB"], 4500);

        Dictionary<string, string> entries = txt.TxtEntries();

        Assert.Equal("1", entries["tls"]);
        Assert.Equal("", entries["flag"]);
        Assert.Equal("AA:BB", entries["sha256"]);
    }
}
