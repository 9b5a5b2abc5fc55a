using System.Device.Gpio;
using EspWs.Hardware;
using EspWs.Hardware.Boards;
using EspWs.Hardware.Boards.LinuxGpio;

namespace EspWs.App.Tests.Boards.LinuxGpio;

public class LinuxGpioBoardTests
{
    private static LinuxGpioBoard Board(FakeGpioDriver driver, LinuxGpioBoardOptions? options = null, FakeNetworkInterface? network = null) =>
        new(driver, options ?? new LinuxGpioBoardOptions(), null, null, network ?? new FakeNetworkInterface(up: true), network);

    [Fact]
    public void Onboard_led_is_the_configured_line_and_every_line_has_a_gpio_name()
    {
        using LinuxGpioBoard board = Board(new FakeGpioDriver(pinCount: 28), new LinuxGpioBoardOptions { LedPin = 22 });

        Assert.Equal(22, board.Pins.OnboardLed.Key);
        Assert.Equal(28, board.Pins.PinCount);
        Assert.Equal(17, board.Pins["GPIO17"].Key);
        Assert.False(board.Pins.TryGet("GPIO28", out _));
    }

    [Fact]
    public void Led_port_drives_its_line_high_for_on_and_low_for_off()
    {
        var driver = new FakeGpioDriver();
        using LinuxGpioBoard board = Board(driver);

        using IDigitalOutputPort port = board.CreateDigitalOutputPort(board.Pins.OnboardLed);
        port.State = true;
        bool afterOn = driver.Level(17) == PinValue.High;
        port.State = false;

        Assert.Equal(PinMode.Output, driver.ModeOf(17));
        Assert.True(afterOn);
        Assert.Equal(PinValue.Low, driver.Level(17));
    }

    [Fact]
    public void Active_low_led_is_driven_low_when_on_and_other_lines_are_not_inverted()
    {
        var driver = new FakeGpioDriver();
        using LinuxGpioBoard board = Board(driver, new LinuxGpioBoardOptions { LedPin = 17, ActiveLow = true });

        using IDigitalOutputPort led = board.CreateDigitalOutputPort(board.Pins.OnboardLed);
        bool offIsHigh = driver.Level(17) == PinValue.High;
        led.State = true;
        using IDigitalOutputPort other = board.CreateDigitalOutputPort(board.Pins["GPIO4"], initialState: true);

        Assert.True(offIsHigh);
        Assert.Equal(PinValue.Low, driver.Level(17));
        Assert.True(led.State);
        Assert.Equal(PinValue.High, driver.Level(4));
    }

    [Fact]
    public void Led_line_beyond_the_chip_is_refused_at_start_naming_the_line_and_the_chip()
    {
        var error = Assert.Throws<BoardUnavailableException>(() => Board(new FakeGpioDriver(pinCount: 28), new LinuxGpioBoardOptions { LedPin = 40 }));

        Assert.Contains("GPIO40", error.Message, StringComparison.Ordinal);
        Assert.Contains("GPIO27", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Led_line_that_cannot_be_an_output_is_refused_at_start_and_the_chip_is_closed()
    {
        var driver = new FakeGpioDriver(28, inputOnly: 17);

        var error = Assert.Throws<BoardUnavailableException>(() => Board(driver));

        Assert.Contains("GPIO17", error.Message, StringComparison.Ordinal);
        Assert.True(driver.Disposed);
    }

    [Fact]
    public void An_input_only_line_is_refused_as_an_output_naming_it()
    {
        using LinuxGpioBoard board = Board(new FakeGpioDriver(28, inputOnly: 5));

        var error = Assert.Throws<NotSupportedException>(() => board.CreateDigitalOutputPort(board.Pins["GPIO5"]));

        Assert.Contains("GPIO5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Onboard_led_and_its_line_share_one_port_and_closing_frees_the_line()
    {
        var driver = new FakeGpioDriver();
        using LinuxGpioBoard board = Board(driver);
        IDigitalOutputPort first = board.CreateDigitalOutputPort(board.Pins.OnboardLed);

        Assert.Throws<InvalidOperationException>(() => board.CreateDigitalOutputPort(board.Pins["GPIO17"]));
        first.Dispose();

        Assert.False(driver.IsOpen(17));
        using IDigitalOutputPort second = board.CreateDigitalOutputPort(board.Pins["GPIO17"]);
        Assert.True(driver.IsOpen(17));
    }

    [Fact]
    public void Disposing_the_board_closes_the_chip_and_its_ports()
    {
        var driver = new FakeGpioDriver();
        LinuxGpioBoard board = Board(driver);
        IDigitalOutputPort port = board.CreateDigitalOutputPort(board.Pins.OnboardLed);

        board.Dispose();

        Assert.True(driver.Disposed);
        Assert.Throws<ObjectDisposedException>(() => port.State = true);
        Assert.Throws<ObjectDisposedException>(() => board.CreateDigitalOutputPort(board.Pins.OnboardLed));
    }

    [Fact]
    public void An_empty_interface_gives_a_board_without_network_adapters()
    {
        using LinuxGpioBoard board = Board(new FakeGpioDriver(), new LinuxGpioBoardOptions { Interface = "" });

        Assert.Empty(board.NetworkAdapters);
        Assert.Null(board.NetworkAdapters.Primary<IWiFiNetworkAdapter>());
    }

    [Fact]
    public void Without_the_gpio_chip_the_real_drivers_fail_with_one_line_naming_each_reason()
    {
        var error = Assert.Throws<BoardUnavailableException>(() => new LinuxGpioBoard(new LinuxGpioBoardOptions { Chip = 999 }));

        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("this machine has no GPIO chip 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("LibgpiodV2", error.Message, StringComparison.Ordinal);
        Assert.Contains("SysFs", error.Message, StringComparison.Ordinal);
    }
}
