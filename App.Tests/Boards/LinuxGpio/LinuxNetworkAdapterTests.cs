using System.Net;
using EspWs.App.Tests.Hardware;
using EspWs.Hardware.Boards.LinuxGpio;
using Microsoft.Extensions.Time.Testing;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Boards.LinuxGpio;

public sealed class LinuxNetworkAdapterTests : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLoggerFactory _log = new();
    private readonly List<LinuxNetworkAdapter> _adapters = [];

    public void Dispose()
    {
        _adapters.ForEach(a => a.Dispose());
        _log.Dispose();
    }

    [Fact]
    public void The_interface_state_is_read_at_once()
    {
        LinuxNetworkAdapter adapter = Adapter(new FakeNetworkInterface(up: true));

        Assert.True(adapter.IsConnected);
        Assert.Equal(FakeNetworkInterface.Address, adapter.IpAddress);
        Assert.Null(adapter.Ssid);
    }

    [Fact]
    public void A_poll_notices_the_interface_going_down_and_coming_back()
    {
        var network = new FakeNetworkInterface(up: true);
        LinuxNetworkAdapter adapter = Adapter(network);
        var events = new List<string>();
        adapter.NetworkDisconnected += (_, args) => events.Add("down: " + args.Reason);
        adapter.NetworkConnected += (_, args) => events.Add("up: " + args.IpAddress);
        events.Clear();

        network.Set(up: false);
        _time.Advance(Poll);
        bool downSeen = !adapter.IsConnected;
        network.Set(up: true);
        _time.Advance(Poll);

        Assert.True(downSeen);
        Assert.Equal(["down: interface wlan0 is down", $"up: {FakeNetworkInterface.Address}"], events);
        Assert.True(adapter.IsConnected);
    }

    [Fact]
    public async Task Connect_returns_at_once_when_the_interface_is_up_and_asks_no_network_manager()
    {
        var network = new FakeNetworkInterface(up: true);
        LinuxNetworkAdapter adapter = Adapter(network);

        await adapter.ConnectAsync("EspWs-Lab", "secret", TimeSpan.FromSeconds(10));

        Assert.Empty(network.Joined);
    }

    [Fact]
    public async Task Connect_joins_through_the_network_manager_when_the_interface_is_down()
    {
        var network = new FakeNetworkInterface(up: false);
        LinuxNetworkAdapter adapter = Adapter(network);

        await adapter.ConnectAsync("EspWs-Lab", "secret", TimeSpan.FromSeconds(10));

        Assert.Equal(["EspWs-Lab"], network.Joined);
        Assert.True(adapter.IsConnected);
        Assert.Equal("EspWs-Lab", adapter.Ssid);
    }

    [Fact]
    public async Task Connect_without_a_network_manager_is_not_supported_and_says_why()
    {
        LinuxNetworkAdapter adapter = Adapter(new FakeNetworkInterface(up: false), withJoiner: false);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => adapter.ConnectAsync("EspWs-Lab", "", TimeSpan.FromSeconds(10)));

        Assert.Contains("wlan0 is down", error.Message, StringComparison.Ordinal);
        Assert.Contains("nmcli", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_leaves_through_the_network_manager()
    {
        var network = new FakeNetworkInterface(up: true);
        LinuxNetworkAdapter adapter = Adapter(network);

        await adapter.DisconnectAsync();

        Assert.Equal(1, network.Left);
        Assert.False(adapter.IsConnected);
        Assert.Equal(IPAddress.None, adapter.IpAddress);
    }

    private LinuxNetworkAdapter Adapter(FakeNetworkInterface network, bool withJoiner = true)
    {
        var adapter = new LinuxNetworkAdapter("wlan0", network, withJoiner ? network : null, Poll, _time, _log.CreateLogger("net"));
        _adapters.Add(adapter);
        return adapter;
    }
}
