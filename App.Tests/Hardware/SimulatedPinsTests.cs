using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;

namespace EspWs.App.Tests.Hardware;

public sealed class SimulatedPinsTests : IDisposable
{
    private readonly SimulatedBoard _board = new();

    public void Dispose() => _board.Dispose();

    private IPinDefinitions Pins => ((IBoard)_board).Pins;

    [Fact]
    public void OnboardLed_is_gpio2_and_belongs_to_the_board()
    {
        Assert.Equal("OnboardLed", Pins.OnboardLed.Name);
        Assert.Equal(2, Pins.OnboardLed.Key);
        Assert.Same(_board, Pins.OnboardLed.Controller);
    }

    [Theory]
    [InlineData("OnboardLed", 2)]
    [InlineData("onboardled", 2)]
    [InlineData("D00", 0)]
    [InlineData("D02", 2)]
    [InlineData(" d15 ", 15)]
    public void Pins_are_found_by_name_without_regard_to_case(string name, int gpio)
    {
        Assert.True(Pins.TryGet(name, out IPin? pin));
        Assert.Equal(gpio, pin.Key);
        Assert.Same(pin, Pins[name]);
    }

    [Fact]
    public void Unknown_pin_name_is_refused_listing_the_names_there_are()
    {
        Assert.False(Pins.TryGet("D99", out _));

        var error = Assert.Throws<KeyNotFoundException>(() => Pins["D99"]);
        Assert.Contains("D99", error.Message, StringComparison.Ordinal);
        Assert.Contains("OnboardLed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllPins_lists_the_onboard_led_and_the_devkit_gpios_once_each()
    {
        Assert.Equal(35, Pins.AllPins.Count);
        Assert.Equal(35, Pins.AllPins.Select(p => p.Name).Distinct().Count());
        Assert.Same(_board.Pins.D09, Pins.AllPins.Single(p => p.Name == "D09"));
    }
}
