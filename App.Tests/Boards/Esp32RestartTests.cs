using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Support;
using EspWs.Hardware;

namespace EspWs.App.Tests.Boards;

/// <summary>What the board does when the chip behind an open link resets, boots noisily, or re-links with its LED lit.</summary>
public class Esp32RestartTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_chip_restart_with_the_link_open_is_reported_lost_then_up_on_the_same_connection(bool withRomLog)
    {
        await using Esp32Rig rig = Esp32Rig.Create(emulator => new SerialLikeTransport(emulator.Transport));
        await rig.ConnectAsync();
        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed, initialState: true);
        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)));
        var reasons = new List<string>();
        int connects = 0;
        rig.Board.Link.NetworkDisconnected += (_, args) => reasons.Add(args.Reason);
        rig.Board.Link.NetworkConnected += (_, _) => Interlocked.Increment(ref connects);

        await rig.Emulator.RestartChipAsync(withRomLog);

        Assert.True(await TestTimeout.Until(() => connects == 2), rig.LogText);
        Assert.Contains("restarted", Assert.Single(reasons), StringComparison.Ordinal);
        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)), rig.LogText);
        Assert.Equal(1, rig.Emulator.LinksOpened);
        Assert.True(port.State);
    }

    [Fact]
    public async Task The_boot_log_of_an_auto_reset_when_the_port_opens_does_not_stop_the_handshake()
    {
        await using Esp32Rig rig = Esp32Rig.Create(emulator => new SerialLikeTransport(emulator.Transport));
        rig.Emulator.ResetsWhenOpened = true;

        await rig.ConnectAsync();
        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed, initialState: true);

        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)), rig.LogText);
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        Assert.True(rig.Board.Link.IsConnected, rig.LogText);
        Assert.Equal(1, rig.Emulator.LinksOpened);
    }

    [Fact]
    public async Task Boot_log_bytes_alone_change_nothing_on_a_live_link()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed);

        await rig.Emulator.SendOnEveryLinkAsync(FirmataBoot.RomLog);
        port.State = true;

        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)), rig.LogText);
        Assert.True(rig.Board.Link.IsConnected);
        Assert.Equal(1, rig.Emulator.LinksOpened);
    }

    [Fact]
    public async Task A_relink_to_a_chip_that_kept_the_led_on_never_drives_it_low()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed, initialState: true);
        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)));
        int levelsBefore = rig.Chip.LevelsOf(2).Count;

        await rig.Emulator.DropLinkAsync(stayAway: false, chipKeepsPower: true);

        Assert.True(await TestTimeout.Until(() => rig.Emulator.LinksOpened == 2 && rig.Board.Link.IsConnected), rig.LogText);
        Assert.True(rig.Chip.Level(2));
        Assert.DoesNotContain(false, rig.Chip.LevelsOf(2).Skip(levelsBefore));
        Assert.Single(rig.Chip.ModeChanges, change => change.Pin == 2);
    }

    [Fact]
    public async Task A_chip_that_stops_answering_with_its_link_up_is_reported_lost_within_two_health_intervals()
    {
        TimeSpan interval = TimeSpan.FromMilliseconds(300);
        await using Esp32Rig rig = Esp32Rig.Create(healthInterval: interval);
        await rig.ConnectAsync();
        var reasons = new List<string>();
        rig.Board.Link.NetworkDisconnected += (_, args) => reasons.Add(args.Reason);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        rig.Chip.IsHung = true;

        Assert.True(await TestTimeout.Until(() => !rig.Board.Link.IsConnected), rig.LogText);
        // The documented bound is two intervals; the extra second is slack for a loaded machine, not a speed target.
        Assert.True(clock.Elapsed < (2 * interval) + TimeSpan.FromSeconds(1), $"Told lost after {clock.Elapsed}.");
        Assert.Contains("health check", Assert.Single(reasons), StringComparison.Ordinal);
        rig.Chip.IsHung = false;
        Assert.True(await TestTimeout.Until(() => rig.Board.Link.IsConnected), rig.LogText);
    }

    [Fact]
    public async Task A_chip_that_answers_keeps_its_link_through_many_health_checks()
    {
        await using Esp32Rig rig = Esp32Rig.Create(healthInterval: TimeSpan.FromMilliseconds(100));
        await rig.ConnectAsync();
        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed);

        await Task.Delay(TimeSpan.FromMilliseconds(800));
        port.State = true;

        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)), rig.LogText);
        Assert.True(rig.Board.Link.IsConnected, rig.LogText);
        Assert.Equal(1, rig.Emulator.LinksOpened);
    }

    [Fact]
    public async Task A_serial_link_reports_no_address_and_no_log_line_ends_in_two_full_stops()
    {
        await using Esp32Rig rig = Esp32Rig.Create(emulator => new SerialLikeTransport(emulator.Transport));
        await rig.ConnectAsync();
        await rig.Emulator.RestartChipAsync();
        Assert.True(await TestTimeout.Until(() => rig.Log.Lines.Count(line => line.Message.Contains("linked", StringComparison.Ordinal)) == 2), rig.LogText);
        await rig.Emulator.DropLinkAsync(stayAway: true);
        Assert.True(await TestTimeout.Until(() => !rig.Board.Link.IsConnected));

        Assert.Equal(System.Net.IPAddress.None, rig.Board.Link.IpAddress);
        Assert.Contains(rig.Log.Lines, line => line.Message.Contains("(address none)", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Log.Lines, line => line.Message.Contains("255.255.255.255", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Log.Lines, line => line.Message.Contains("..", StringComparison.Ordinal) && !line.Message.Contains("...", StringComparison.Ordinal));
    }
}
