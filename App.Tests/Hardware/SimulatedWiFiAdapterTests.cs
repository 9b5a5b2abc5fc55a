using System.Net;
using System.Net.Sockets;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Hardware;

public sealed class SimulatedWiFiAdapterTests : IDisposable
{
    private static readonly IPAddress TestAddress = IPAddress.Parse("192.0.2.10");
    private static readonly TimeSpan Timeout10s = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLoggerFactory _log = new();
    private readonly SimulatedWiFiAdapter _wifi;

    public SimulatedWiFiAdapterTests() =>
        _wifi = new SimulatedWiFiAdapter(new SimulatedWiFiOptions { IpAddress = TestAddress }, _time, _log.CreateLogger("wifi"));

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task Connect_completes_after_the_connect_delay()
    {
        Task connect = _wifi.ConnectAsync("EspWs-Lab", "secret", Timeout10s);

        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(connect.IsCompleted);
        Assert.False(_wifi.IsConnected);
        Assert.Equal(IPAddress.None, _wifi.IpAddress);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await connect.WaitAsync(TestTimeouts.Await);

        Assert.True(_wifi.IsConnected);
        Assert.Equal(TestAddress, _wifi.IpAddress);
        Assert.Equal("EspWs-Lab", _wifi.Ssid);
    }

    [Fact]
    public async Task State_is_updated_before_NetworkConnected_is_raised()
    {
        (bool IsConnected, IPAddress Address, string? Ssid, IPAddress ArgsAddress)? seen = null;
        _wifi.NetworkConnected += (sender, args) => seen = (sender.IsConnected, sender.IpAddress, _wifi.Ssid, args.IpAddress);

        await ConnectAsync();

        Assert.Equal((true, TestAddress, "EspWs-Lab", TestAddress), seen);
    }

    [Fact]
    public async Task Late_subscriber_gets_NetworkConnected_at_once()
    {
        await ConnectAsync();
        IPAddress? told = null;

        _wifi.NetworkConnected += (_, args) => told = args.IpAddress;

        Assert.Equal(TestAddress, told);
    }

    [Fact]
    public void Subscriber_added_while_disconnected_is_not_told_until_connected()
    {
        int calls = 0;

        _wifi.NetworkConnected += (_, _) => calls++;

        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public async Task Empty_ssid_is_refused_with_a_clear_message(string ssid)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _wifi.ConnectAsync(ssid, "secret", Timeout10s));

        Assert.Equal("ssid", error.ParamName);
        Assert.Contains("SSID is empty", error.Message, StringComparison.Ordinal);
        Assert.False(_wifi.IsConnected);
    }

    [Fact]
    public async Task Timeout_shorter_than_the_delay_fails_naming_ssid_and_timeout_and_stays_disconnected()
    {
        int connectedEvents = 0;
        _wifi.NetworkConnected += (_, _) => connectedEvents++;
        TimeSpan timeout = TimeSpan.FromMilliseconds(100);
        Task connect = _wifi.ConnectAsync("EspWs-Lab", "secret", timeout);

        _time.Advance(timeout);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => connect.WaitAsync(TestTimeouts.Await));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Contains("EspWs-Lab", error.Message, StringComparison.Ordinal);
        Assert.Contains(timeout.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False(_wifi.IsConnected);
        Assert.Equal(0, connectedEvents);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Cancelling_the_token_ends_the_connect_and_stays_disconnected()
    {
        using var cancellation = new CancellationTokenSource();
        Task connect = _wifi.ConnectAsync("EspWs-Lab", "secret", Timeout10s, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect.WaitAsync(TestTimeouts.Await));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_wifi.IsConnected);
    }

    [Fact]
    public async Task Connect_with_a_cancelled_token_does_not_start()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _wifi.ConnectAsync("EspWs-Lab", "secret", Timeout10s, new CancellationToken(canceled: true)));
        Assert.False(_wifi.IsConnected);
    }

    [Fact]
    public async Task Disconnect_raises_NetworkDisconnected_after_the_state_is_cleared()
    {
        await ConnectAsync();
        (bool IsConnected, IPAddress Address, string Reason)? seen = null;
        _wifi.NetworkDisconnected += (sender, args) => seen = (sender.IsConnected, sender.IpAddress, args.Reason);

        await _wifi.DisconnectAsync().WaitAsync(TestTimeouts.Await);

        Assert.NotNull(seen);
        Assert.False(seen.Value.IsConnected);
        Assert.Equal(IPAddress.None, seen.Value.Address);
        Assert.False(string.IsNullOrWhiteSpace(seen.Value.Reason));
        Assert.Null(_wifi.Ssid);
    }

    [Fact]
    public async Task Disconnect_while_disconnected_raises_nothing()
    {
        int calls = 0;
        _wifi.NetworkDisconnected += (_, _) => calls++;

        await _wifi.DisconnectAsync().WaitAsync(TestTimeouts.Await);

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task A_throwing_handler_is_logged_and_the_others_still_run()
    {
        bool secondRan = false;
        _wifi.NetworkConnected += (_, _) => throw new InvalidOperationException("boom");
        _wifi.NetworkConnected += (_, _) => secondRan = true;

        await ConnectAsync();

        Assert.True(_wifi.IsConnected);
        Assert.True(secondRan);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Without_a_configured_address_the_machine_ipv4_address_is_reported()
    {
        var wifi = new SimulatedWiFiAdapter(new SimulatedWiFiOptions { ConnectDelay = TimeSpan.Zero });

        await wifi.ConnectAsync("EspWs-Lab", string.Empty, Timeout10s).WaitAsync(TestTimeouts.Await);

        Assert.Equal(AddressFamily.InterNetwork, wifi.IpAddress.AddressFamily);
        Assert.NotEqual(IPAddress.None, wifi.IpAddress);
    }

    private async Task ConnectAsync()
    {
        Task connect = _wifi.ConnectAsync("EspWs-Lab", "secret", Timeout10s);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        await connect.WaitAsync(TestTimeouts.Await);
    }
}
