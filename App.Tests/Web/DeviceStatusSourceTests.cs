using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.Tests.Support;
using EspWs.App.Web;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Web;

public class DeviceStatusSourceTests
{
    [Fact]
    public async Task Status_reads_the_board_the_led_controller_the_server_and_the_time_since_start()
    {
        var time = new FakeTimeProvider();
        using var board = new SimulatedBoard(NullLoggerFactory.Instance, time);
        var settings = new EspWsSettings { Server = new ServerSettings { MaxClients = 8 } };
        await using var host = new EspWsHost(board, settings, NullLoggerFactory.Instance, time);

        host.Controller.Apply(LedCommand.On, LedChangeSource.WebSocket, sender: null);
        host.Controller.Apply(LedCommand.Toggle, LedChangeSource.WebSocket, sender: null);
        host.Controller.Apply(LedCommand.On, LedChangeSource.WebSocket, sender: null);
        Assert.True(await host.Controller.WhenAppliedAsync(TestTimeout.Default));
        time.Advance(TimeSpan.FromSeconds(90));
        DeviceStatus status = host.Status.Read();

        Assert.Equal("simulated", status.Board);
        Assert.Equal(new LedState(IsOn: true, Sequence: 3), status.Led);
        Assert.Equal(0, status.Clients);
        Assert.Equal(8, status.MaxClients);
        Assert.Equal(TimeSpan.FromSeconds(90), status.Uptime);
        Assert.Equal(Environment.MachineName, status.Name);
        // The host was never started, so the board has not joined its network: its link is not up.
        Assert.False(status.BoardLinkUp);
        Assert.False(string.IsNullOrWhiteSpace(status.Version));
    }

    [Fact]
    public void Reading_before_the_source_is_attached_says_what_is_missing()
    {
        var source = new DeviceStatusSource("simulated", "kitchen", maxClients: 8, () => true, TimeProvider.System);

        var error = Assert.Throws<InvalidOperationException>(source.Read);

        Assert.Contains("Attach", error.Message, StringComparison.Ordinal);
    }
}
