using EspWs.App.Tests.Boards.Firmata;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Esp32;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Boards;

public class Esp32PinRulesTests
{
    [Theory]
    [InlineData("D06", 6)]
    [InlineData("D07", 7)]
    [InlineData("D08", 8)]
    [InlineData("D09", 9)]
    [InlineData("D10", 10)]
    [InlineData("D11", 11)]
    public async Task Flash_pins_are_refused_naming_the_pin_and_the_flash(string name, int gpio)
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        var error = Assert.Throws<NotSupportedException>(() => rig.Board.CreateDigitalOutputPort(rig.Board.Pins[name]));

        Assert.Contains($"{name} (GPIO{gpio}", error.Message, StringComparison.Ordinal);
        Assert.Contains("flash", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D34", 34)]
    [InlineData("D35", 35)]
    [InlineData("D36", 36)]
    [InlineData("D37", 37)]
    [InlineData("D38", 38)]
    [InlineData("D39", 39)]
    public async Task Input_only_pins_are_refused_as_outputs_naming_the_pin(string name, int gpio)
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        var error = Assert.Throws<NotSupportedException>(() => rig.Board.CreateDigitalOutputPort(rig.Board.Pins[name]));

        Assert.Contains($"{name} (GPIO{gpio}", error.Message, StringComparison.Ordinal);
        Assert.Contains("input-only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("D00")]
    [InlineData("OnboardLed")]
    [InlineData("D05")]
    [InlineData("D12")]
    [InlineData("D15")]
    public async Task Strapping_pins_open_with_a_warning_that_names_the_pin(string name)
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        IPin pin = rig.Board.Pins[name];

        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(pin);

        Assert.Contains(rig.Log.Lines, line => line.Level == LogLevel.Warning
            && line.Message.Contains(name, StringComparison.Ordinal) && line.Message.Contains("strapping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_general_purpose_pin_opens_without_a_warning()
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.D04);

        Assert.DoesNotContain(rig.Log.Lines, line => line.Level >= LogLevel.Warning);
    }

    [Theory]
    [InlineData("D01")]
    [InlineData("D03")]
    public async Task Uart0_pins_are_refused_while_the_link_is_serial(string name)
    {
        await using Esp32Rig rig = Esp32Rig.Create(emulator => new SerialLikeTransport(emulator.Transport));

        var error = Assert.Throws<NotSupportedException>(() => rig.Board.CreateDigitalOutputPort(rig.Board.Pins[name]));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("serial", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uart0_pins_are_usable_over_tcp()
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.D01);

        Assert.Equal("D01", port.Pin.Name);
    }

    [Fact]
    public void Pin_map_has_every_esp32_gpio_once_and_none_that_the_chip_lacks()
    {
        int[] expected = [.. Enumerable.Range(0, 40).Where(g => g is not (20 or 24 or >= 28 and <= 31))];

        Assert.Equal(expected, Esp32PinMap.DevKitC.Select(p => p.Gpio));
        Assert.All(Esp32PinMap.DevKitC, p => Assert.Equal($"D{p.Gpio:D2}", p.Name));
    }

    [Fact]
    public void Pin_map_marks_flash_input_only_and_strapping_pins()
    {
        Assert.Equal([6, 7, 8, 9, 10, 11], Gpios(Esp32PinRestriction.Flash));
        Assert.Equal([34, 35, 36, 37, 38, 39], Gpios(Esp32PinRestriction.InputOnly));
        Assert.Equal([0, 2, 5, 12, 15], Gpios(Esp32PinRestriction.Strapping));
        Assert.All(Esp32PinMap.DevKitC.Where(p => p.Restriction is Esp32PinRestriction.Flash or Esp32PinRestriction.InputOnly), p => Assert.False(p.CanDrive));
        Assert.Equal(2, Esp32PinMap.OnboardLedGpio);
    }

    [Fact]
    public async Task Onboard_led_is_gpio2()
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        Assert.Equal(2, rig.Board.Pins.OnboardLed.Key);
        Assert.Equal(rig.Board.Pins.D02.Key, rig.Board.Pins.OnboardLed.Key);
    }

    private static int[] Gpios(Esp32PinRestriction restriction) =>
        [.. Esp32PinMap.DevKitC.Where(p => p.Restriction == restriction).Select(p => p.Gpio)];
}
