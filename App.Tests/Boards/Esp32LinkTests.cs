using System.Diagnostics;
using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Support;
using EspWs.Hardware;

namespace EspWs.App.Tests.Boards;

public class Esp32LinkTests
{
    [Fact]
    public async Task A_level_set_while_the_link_is_down_is_driven_when_the_link_comes_up()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed);
        port.State = true;

        await rig.ConnectAsync();

        Assert.Equal(FirmataChip.Output, rig.Chip.Mode(2));
        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)));
    }

    [Fact]
    public async Task Losing_the_link_is_reported_with_its_reason_and_the_port_stays_usable()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed, initialState: true);
        var reasons = new List<string>();
        rig.Board.Link.NetworkDisconnected += (_, args) => reasons.Add(args.Reason);

        await rig.Emulator.DropLinkAsync(stayAway: true);

        Assert.True(await TestTimeout.Until(() => !rig.Board.Link.IsConnected));
        Assert.Contains("lost", Assert.Single(reasons), StringComparison.Ordinal);
        port.State = false;
        Assert.False(port.State);
    }

    [Fact]
    public async Task The_link_comes_back_by_itself_and_the_last_levels_are_driven_again()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed, initialState: true);
        int connects = 0;
        rig.Board.Link.NetworkConnected += (_, _) => Interlocked.Increment(ref connects);
        await rig.Emulator.DropLinkAsync(stayAway: true);
        Assert.True(await TestTimeout.Until(() => !rig.Board.Link.IsConnected));
        Assert.False(rig.Chip.Level(2));

        rig.Emulator.ComeBack();

        Assert.True(await TestTimeout.Until(() => rig.Board.Link.IsConnected), rig.LogText);
        Assert.Equal(2, connects);
        Assert.Equal(2, rig.Emulator.LinksOpened);
        Assert.Equal(FirmataChip.Output, rig.Chip.Mode(2));
        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)));
    }

    [Fact]
    public async Task Disconnect_closes_the_link_and_stops_it_coming_back()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();

        await rig.Board.Link.DisconnectAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.False(rig.Board.Link.IsConnected);
        Assert.Equal(1, rig.Emulator.LinksOpened);
    }

    [Fact]
    public async Task Connecting_to_a_chip_that_never_answers_times_out_naming_the_link()
    {
        await using Esp32Rig rig = Esp32Rig.Create(_ => new SilentFirmataTransport());

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => rig.Board.Link.ConnectAsync("unused", "", TimeSpan.FromMilliseconds(300)));

        Assert.Contains("memory:silent-chip", error.Message, StringComparison.Ordinal);
        Assert.False(rig.Board.Link.IsConnected);
    }

    [Fact]
    public async Task Disposing_after_a_timed_out_handshake_returns_once_the_abandoned_client_is_closed()
    {
        Esp32Rig rig = Esp32Rig.Create(_ => new SilentFirmataTransport());
        await Assert.ThrowsAsync<TimeoutException>(() => rig.Board.Link.ConnectAsync("unused", "", TimeSpan.FromMilliseconds(300)));

        var clock = Stopwatch.StartNew();
        await rig.DisposeAsync();

        // Generous: the abandoned client waits out one of its own 2 s retries before it closes.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Dispose took {clock.Elapsed}.");
    }

    [Fact]
    public async Task Connecting_to_an_unreachable_chip_fails_with_the_reason()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.Emulator.DropLinkAsync(stayAway: true);

        var error = await Assert.ThrowsAsync<IOException>(rig.ConnectAsync);

        Assert.Contains("does not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_port_on_the_same_gpio_is_refused_until_the_first_is_closed()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        IDigitalOutputPort first = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed);

        var error = Assert.Throws<InvalidOperationException>(() => rig.Board.CreateDigitalOutputPort(rig.Board.Pins.D02));
        first.Dispose();
        using IDigitalOutputPort second = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.D02);

        Assert.Contains("GPIO2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => first.State = true);
    }

    [Fact]
    public async Task A_pin_of_another_board_is_refused()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        using var other = new EspWs.Hardware.Boards.Simulated.SimulatedBoard();

        Assert.Throws<ArgumentException>(() => rig.Board.CreateDigitalOutputPort(other.Pins.OnboardLed));
    }
}
