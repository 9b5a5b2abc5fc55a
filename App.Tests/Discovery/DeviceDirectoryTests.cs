using System.Net;
using EspWs.App.Discovery;
using EspWs.App.Discovery.Dns;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Discovery;

/// <summary>The list of other devices learns only from what passes by, forgets on goodbye or expiry, and stays within its cap.</summary>
public sealed class DeviceDirectoryTests
{
    private static readonly IPAddress Source = IPAddress.Parse("192.0.2.5");
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void An_announcement_lists_the_device_with_its_address_port_board_and_fingerprint()
    {
        var directory = new DeviceDirectory(8, _time);

        directory.OnMessage(Announcement("Hall", "192.0.2.7", "AA:BB"), Source);

        DiscoveredDevice device = Assert.Single(directory.List());
        Assert.Equal("Hall", device.Name);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), device.Address);
        Assert.Equal((ushort)9998, device.Port);
        Assert.Equal("simulated", device.Board);
        Assert.True(device.Tls);
        Assert.True(device.TokenRequired);
        Assert.Equal("AA:BB", device.Fingerprint);
        Assert.Equal("https://192.0.2.7:9998/", device.Url);
    }

    [Fact]
    public void A_query_teaches_nothing()
    {
        var directory = new DeviceDirectory(8, _time);
        DnsMessage announcement = Announcement("Hall", "192.0.2.7", "AA:BB");

        directory.OnMessage(new DnsMessage { Questions = [new DnsQuestion("_espws._tcp.local", DnsType.DomainNamePointer, false)], Answers = announcement.Answers }, Source);

        Assert.Empty(directory.List());
    }

    [Fact]
    public void A_goodbye_removes_the_device()
    {
        var directory = new DeviceDirectory(8, _time);
        DnsMessage announcement = Announcement("Hall", "192.0.2.7", "AA:BB");
        directory.OnMessage(announcement, Source);

        directory.OnMessage(new DnsMessage { IsResponse = true, Answers = [.. announcement.Answers.Select(r => r.WithTtl(0, r.CacheFlush))] }, Source);

        Assert.Empty(directory.List());
    }

    [Fact]
    public void A_device_is_forgotten_when_its_pointer_expires()
    {
        var directory = new DeviceDirectory(8, _time);
        directory.OnMessage(Announcement("Hall", "192.0.2.7", "AA:BB"), Source);

        _time.Advance(TimeSpan.FromSeconds(AnnouncementRecords.OtherTtl - 1));
        Assert.Single(directory.List());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(directory.List());
    }

    [Fact]
    public void The_list_holds_at_most_its_capacity_and_new_devices_wait_for_room()
    {
        var directory = new DeviceDirectory(2, _time);

        foreach (string name in new[] { "A", "B", "C" })
        {
            directory.OnMessage(Announcement(name, "192.0.2.7", "AA:BB"), Source);
        }

        Assert.Equal(["A", "B"], directory.List().Select(d => d.Name).ToArray());
    }

    [Fact]
    public void A_new_fingerprint_replaces_the_old_one()
    {
        var directory = new DeviceDirectory(8, _time);
        directory.OnMessage(Announcement("Hall", "192.0.2.7", "AA:BB"), Source);

        directory.OnMessage(Announcement("Hall", "192.0.2.7", "CC:DD"), Source);

        Assert.Equal("CC:DD", Assert.Single(directory.List()).Fingerprint);
    }

    [Fact]
    public void The_device_itself_is_never_listed()
    {
        var directory = new DeviceDirectory(8, _time);
        directory.SetOwnInstance("Hall._espws._tcp.local");

        directory.OnMessage(Announcement("Hall", "192.0.2.7", "AA:BB"), Source);

        Assert.Empty(directory.List());
    }

    private static DnsMessage Announcement(string name, string address, string fingerprint)
    {
        var announcement = new ServiceAnnouncement(name, "host-" + name, 9998, ServiceTypes.For("simulated", "1.0", tokenRequired: true, fingerprint));
        return new DnsMessage { IsResponse = true, Answers = AnnouncementRecords.For(announcement, IPAddress.Parse(address)) };
    }
}
