using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using EspWs.Hardware.Peripherals;

namespace EspWs.App.Tests.Boards;

public class Esp32PwmAndButtonTests
{
    private static readonly Frequency Hz1000 = new(1000);

    [Fact]
    public async Task A_pwm_port_makes_the_pin_pwm_and_writes_its_duty_cycle_at_the_firmwares_resolution()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using IPwmPort port = rig.Board.CreatePwmPort(rig.Board.Pins.OnboardLed, Hz1000, 0f);

        port.Start();
        port.DutyCycle = 0.4;

        Assert.Equal(FirmataChip.Pwm, rig.Chip.Mode(2));
        Assert.True(await TestTimeout.Until(() => rig.Chip.PwmValue(2) == 102), $"value {rig.Chip.PwmValue(2)}");
    }

    [Fact]
    public async Task A_pin_above_15_is_written_with_extended_analog()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using IPwmPort port = rig.Board.CreatePwmPort(rig.Board.Pins.D18, Hz1000, 1f);

        port.Start();

        Assert.True(await TestTimeout.Until(() => rig.Chip.PwmValue(18) == 255), $"value {rig.Chip.PwmValue(18)}");
    }

    [Fact]
    public async Task A_duty_cycle_set_while_the_link_is_down_is_driven_when_it_comes_up()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        using IPwmPort port = rig.Board.CreatePwmPort(rig.Board.Pins.OnboardLed, Hz1000, 0.5f);
        port.Start();

        await rig.ConnectAsync();

        Assert.True(await TestTimeout.Until(() => rig.Chip.PwmValue(2) == 128), $"value {rig.Chip.PwmValue(2)}");
    }

    [Fact]
    public async Task After_the_chip_lost_power_the_link_comes_back_with_the_duty_cycle_and_the_button()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using IPwmPort port = rig.Board.CreatePwmPort(rig.Board.Pins.OnboardLed, Hz1000, 0.5f);
        port.Start();
        using var button = new PushButton(rig.Board.Pins.D04);
        var presses = 0;
        button.PressStarted += (_, _) => Interlocked.Increment(ref presses);
        Assert.True(await TestTimeout.Until(() => rig.Chip.PwmValue(2) == 128));
        await rig.Emulator.DropLinkAsync(stayAway: true);
        Assert.True(await TestTimeout.Until(() => !rig.Board.Link.IsConnected));
        Assert.Equal(0, rig.Chip.PwmValue(2));

        rig.Emulator.ComeBack();

        Assert.True(await TestTimeout.Until(() => rig.Board.Link.IsConnected), rig.LogText);
        Assert.True(await TestTimeout.Until(() => rig.Chip.PwmValue(2) == 128), $"value {rig.Chip.PwmValue(2)}");
        Assert.True(await TestTimeout.Until(() => rig.Chip.Mode(4) == FirmataChip.InputPullUp));
        rig.Chip.PressButton(4);
        Assert.True(await TestTimeout.Until(() => Volatile.Read(ref presses) == 1), rig.LogText);
    }

    [Fact]
    public async Task A_two_second_fade_at_50_steps_a_second_costs_at_most_300_bytes_and_repeats_none()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using var led = new PwmLed(rig.Board.Pins.OnboardLed);
        // The mode change writes 0, then the channel's start writes its duty cycle, 0.
        Assert.True(await TestTimeout.Until(() => rig.Chip.PwmWrites.Count(write => write.Pin == 2) == 2));
        long before = rig.Chip.BytesFromHost;
        int writesBefore = rig.Chip.PwmWrites.Count;

        // 100 steps of 20 ms from off to 40 %, as a fade at 50 steps a second would write them.
        for (int step = 1; step <= 100; step++)
        {
            led.SetBrightness(0.4f * step / 100);
        }

        Assert.True(await TestTimeout.Until(() => rig.Chip.PwmValue(2) == 102), $"value {rig.Chip.PwmValue(2)}");
        int[] values = [.. rig.Chip.PwmWrites.Skip(writesBefore).Select(write => write.Value)];
        long bytes = rig.Chip.BytesFromHost - before;
        Assert.Equal(values.Distinct().Count(), values.Length);
        Assert.Equal(3 * values.Length, bytes);
        Assert.InRange(bytes, 1, 300);
    }

    [Theory]
    [InlineData("D34", "input-only")]
    [InlineData("D06", "flash")]
    public async Task Pins_that_cannot_drive_are_refused_as_pwm_naming_the_pin(string name, string reason)
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        var error = Assert.Throws<NotSupportedException>(() => rig.Board.CreatePwmPort(rig.Board.Pins[name], Hz1000));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_input_only_pin_is_an_input_with_an_external_pull_up_but_not_an_internal_one()
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        var error = Assert.Throws<NotSupportedException>(() => new PushButton(rig.Board.Pins.D34));
        using var button = new PushButton(rig.Board.Pins.D35, ResistorMode.ExternalPullUp);

        Assert.Contains("D34", error.Message, StringComparison.Ordinal);
        Assert.Contains("ExternalPullUp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_internal_pull_down_is_refused_because_firmata_has_none()
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        var error = Assert.Throws<NotSupportedException>(() => new PushButton(rig.Board.Pins.D04, ResistorMode.InternalPullDown));

        Assert.Contains("pull-down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_button_to_ground_is_a_pulled_up_input_and_its_click_is_told()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using var button = new PushButton(rig.Board.Pins.D04);
        var events = new List<string>();
        button.PressStarted += (_, _) => Add(events, "down");
        button.Clicked += (_, _) => Add(events, "click");
        Assert.Equal(FirmataChip.InputPullUp, rig.Chip.Mode(4));

        rig.Chip.PressButton(4);
        Assert.True(await TestTimeout.Until(() => Count(events) == 1), rig.LogText);
        rig.Chip.ReleaseButton(4);

        Assert.True(await TestTimeout.Until(() => Count(events) == 2), rig.LogText);
        Assert.Equal(["down", "click"], Snapshot(events));
    }

    [Fact]
    public async Task A_bouncing_contact_reported_by_the_chip_is_one_press()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();
        using var button = new PushButton(rig.Board.Pins.D04) { DebounceDuration = TimeSpan.FromMilliseconds(500) };
        var events = new List<string>();
        button.PressStarted += (_, _) => Add(events, "down");
        button.PressEnded += (_, _) => Add(events, "up");

        for (int bounce = 0; bounce < 9; bounce++)
        {
            rig.Chip.DriveInput(4, bounce % 2 == 0 ? false : null);
        }

        Assert.True(await TestTimeout.Until(() => Count(events) == 1), rig.LogText);
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        Assert.Equal(["down"], Snapshot(events));
        Assert.True(button.State);
    }

    [Fact]
    public async Task A_button_opened_before_the_link_works_once_it_is_up()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        using var button = new PushButton(rig.Board.Pins.D04);
        var clicks = 0;
        button.Clicked += (_, _) => Interlocked.Increment(ref clicks);

        await rig.ConnectAsync();
        Assert.True(await TestTimeout.Until(() => rig.Chip.Mode(4) == FirmataChip.InputPullUp));
        rig.Chip.PressButton(4);
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        rig.Chip.ReleaseButton(4);

        Assert.True(await TestTimeout.Until(() => Volatile.Read(ref clicks) == 1), rig.LogText);
    }

    private static void Add(List<string> events, string name)
    {
        lock (events)
        {
            events.Add(name);
        }
    }

    private static int Count(List<string> events)
    {
        lock (events)
        {
            return events.Count;
        }
    }

    private static string[] Snapshot(List<string> events)
    {
        lock (events)
        {
            return [.. events];
        }
    }
}
