using EspWs.App.Boards;
using EspWs.App.Tests.Boards.LinuxGpio;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using EspWs.Hardware.Boards;
using EspWs.Hardware.Boards.LinuxGpio;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Boards;

public class BoardPeripheralsTests
{
    [Fact]
    public void A_pin_that_can_dim_gives_a_pwm_led()
    {
        using var board = new SimulatedBoard();

        ILed led = BoardPeripherals.OpenLed(board, "Led:Pin", "OnboardLed", TimeProvider.System, NullLogger.Instance);
        using var disposable = (IDisposable)led;

        var dimmable = Assert.IsAssignableFrom<IPwmLed>(led);
        dimmable.SetBrightness(0.5f);
        Assert.Equal(0.5, board.GetDutyCycle(board.Pins.OnboardLed), 6);
    }

    [Fact]
    public void A_pin_that_cannot_dim_gives_an_on_off_led_and_one_line_saying_why()
    {
        using var log = new CapturingLoggerFactory();
        using var board = new LinuxGpioBoard(new FakeGpioDriver(), new LinuxGpioBoardOptions(), null, null, new FakeNetworkInterface(up: true), null);

        ILed led = BoardPeripherals.OpenLed(board, "Led:Pin", "OnboardLed", TimeProvider.System, log.CreateLogger("test"));
        using var disposable = (IDisposable)led;

        Assert.IsNotAssignableFrom<IPwmLed>(led);
        led.IsOn = true;
        Assert.True(led.IsOn);
        var line = Assert.Single(log.Lines, l => l.Level == LogLevel.Information);
        Assert.Contains("Led:Pin = 'OnboardLed' cannot dim", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pin_that_cannot_be_a_button_stops_the_start_with_one_line_naming_the_key()
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        var error = Assert.Throws<BoardUnavailableException>(() => BoardPeripherals.OpenButton(rig.Board, "Button:Pin", "D06", TimeProvider.System));

        Assert.StartsWith("Button:Pin = 'D06' cannot be a push button on board 'esp32': D06 (GPIO6", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_pin_that_cannot_drive_an_led_stops_the_start_naming_the_key()
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        var error = Assert.Throws<BoardUnavailableException>(() => BoardPeripherals.OpenLed(rig.Board, "Led:Pin", "D34", TimeProvider.System, NullLogger.Instance));

        Assert.StartsWith("Led:Pin = 'D34' cannot drive an LED on board 'esp32'", error.Message, StringComparison.Ordinal);
        Assert.Contains("input-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_pin_is_refused_listing_the_pins()
    {
        using var board = new SimulatedBoard();

        var error = Assert.Throws<BoardUnavailableException>(() => BoardPeripherals.OpenButton(board, "Button:Pin", "D99", TimeProvider.System));

        Assert.StartsWith("Button:Pin = 'D99' is not a pin of board 'simulated': OnboardLed, D00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_button_opened_by_key_is_pressed_through_the_simulated_board()
    {
        using var board = new SimulatedBoard();
        using var button = BoardPeripherals.OpenButton(board, "Button:Pin", "D04", TimeProvider.System);

        board.PressButton(board.Pins.D04);

        Assert.True(button.State);
    }
}
