using System.Device.Gpio;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using EspWs.Hardware.Boards;
using EspWs.Hardware.Boards.LinuxGpio;
using EspWs.Hardware.Peripherals;

namespace EspWs.App.Tests.Boards.LinuxGpio;

public class LinuxGpioPwmAndButtonTests
{
    private static readonly Frequency Hz1000 = new(1000);

    [Fact]
    public void Without_a_hardware_channel_or_software_pwm_a_pwm_port_is_refused_saying_why()
    {
        using LinuxGpioBoard board = Board(new FakeGpioDriver(), new LinuxGpioBoardOptions());

        var error = Assert.Throws<NotSupportedException>(() => new PwmLed(board.Pins.OnboardLed));

        Assert.Contains("GPIO17", error.Message, StringComparison.Ordinal);
        Assert.Contains("software PWM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_led_line_dims_through_its_hardware_channel()
    {
        FakePwmChannel? channel = null;
        using LinuxGpioBoard board = Board(new FakeGpioDriver(), new LinuxGpioBoardOptions { LedPin = 18, PwmChip = 0, PwmChannel = 0 },
            (chip, number, hertz, duty) => channel = new FakePwmChannel(chip, number, hertz, duty));
        using var led = new PwmLed(board.Pins.OnboardLed);

        led.SetBrightness(0.4f);

        Assert.NotNull(channel);
        Assert.True(channel.Running);
        Assert.Equal(0.4, channel.DutyCycle, 6);
        Assert.Equal(1000, channel.Frequency);
    }

    [Fact]
    public void An_active_low_led_gets_the_inverse_duty_cycle()
    {
        FakePwmChannel? channel = null;
        using LinuxGpioBoard board = Board(new FakeGpioDriver(), new LinuxGpioBoardOptions { LedPin = 18, PwmChannel = 0, ActiveLow = true },
            (chip, number, hertz, duty) => channel = new FakePwmChannel(chip, number, hertz, duty));
        using var led = new PwmLed(board.Pins.OnboardLed);

        led.SetBrightness(0.25f);

        Assert.Equal(0.75, channel!.DutyCycle, 6);
    }

    [Fact]
    public void A_hardware_channel_that_cannot_be_opened_stops_the_board_with_one_line_naming_it()
    {
        var error = Assert.Throws<BoardUnavailableException>(() => Board(new FakeGpioDriver(), new LinuxGpioBoardOptions { LedPin = 18, PwmChip = 2, PwmChannel = 1 },
            (_, _, _, _) => throw new IOException("no such directory")));

        Assert.Contains("pwmchip2", error.Message, StringComparison.Ordinal);
        Assert.Contains("GPIO18", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Software_pwm_runs_only_while_the_duty_cycle_is_between_off_and_full()
    {
        var driver = new FakeGpioDriver();
        using LinuxGpioBoard board = Board(driver, new LinuxGpioBoardOptions { SoftwarePwm = true });
        using IPwmPort port = board.CreatePwmPort(board.Pins["GPIO4"], Hz1000, 0.5f);

        port.Start();
        Assert.True(await TestTimeout.Until(() => Seen(driver, 4, PinValue.High) && Seen(driver, 4, PinValue.Low)));
        port.DutyCycle = 1;
        int writes = driver.Writes.Count;
        await Task.Delay(TimeSpan.FromMilliseconds(50));

        Assert.Equal(PinValue.High, driver.Level(4));
        Assert.Equal(writes, driver.Writes.Count);
    }

    [Fact]
    public async Task A_button_uses_the_drivers_edge_events_on_a_pulled_up_line()
    {
        var driver = new FakeGpioDriver();
        driver.DriveInput(5, PinValue.High);
        using LinuxGpioBoard board = Board(driver, new LinuxGpioBoardOptions());
        using var button = new PushButton(board.Pins["GPIO5"]);
        var clicks = 0;
        button.Clicked += (_, _) => Interlocked.Increment(ref clicks);
        Assert.Equal(PinMode.InputPullUp, driver.ModeOf(5));

        driver.DriveInput(5, PinValue.Low);
        Assert.True(await TestTimeout.Until(() => button.State));
        driver.DriveInput(5, PinValue.High);

        Assert.True(await TestTimeout.Until(() => Volatile.Read(ref clicks) == 1));
    }

    [Fact]
    public void Disposing_the_board_ends_software_pwm_and_closes_the_chip()
    {
        var driver = new FakeGpioDriver();
        LinuxGpioBoard board = Board(driver, new LinuxGpioBoardOptions { SoftwarePwm = true });
        IPwmPort port = board.CreatePwmPort(board.Pins["GPIO4"], Hz1000, 0.5f);
        port.Start();

        board.Dispose();

        Assert.True(driver.Disposed);
        Assert.Throws<ObjectDisposedException>(() => port.DutyCycle = 0.2);
    }

    private static LinuxGpioBoard Board(FakeGpioDriver driver, LinuxGpioBoardOptions options, Func<int, int, int, double, System.Device.Pwm.PwmChannel>? openPwm = null) =>
        new(driver, options, null, null, new FakeNetworkInterface(up: true), null, openPwm);

    private static bool Seen(FakeGpioDriver driver, int pin, PinValue value) => driver.Writes.Any(write => write.Pin == pin && write.Value == value);
}
