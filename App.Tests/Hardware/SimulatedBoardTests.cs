using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Hardware;

public sealed class SimulatedBoardTests : IDisposable
{
    private readonly CapturingLoggerFactory _log = new();
    private readonly SimulatedBoard _board;

    public SimulatedBoardTests() => _board = new SimulatedBoard(_log);

    public void Dispose() => _board.Dispose();

    [Fact]
    public void Port_state_change_raises_PinStateChanged_and_board_reports_the_level()
    {
        var changes = new List<(string Pin, bool State)>();
        _board.PinStateChanged += (_, args) => changes.Add((args.Pin.Name, args.State));
        using IDigitalOutputPort port = _board.CreateDigitalOutputPort(_board.Pins.OnboardLed);

        port.State = true;
        Assert.True(_board.GetPinState(_board.Pins.OnboardLed));
        Assert.True(port.State);
        port.State = true;
        port.State = false;

        Assert.Equal([("OnboardLed", true), ("OnboardLed", false)], changes);
        Assert.False(_board.GetPinState(_board.Pins.OnboardLed));
    }

    [Fact]
    public void Every_level_change_is_logged_at_information_naming_pin_and_gpio()
    {
        using IDigitalOutputPort port = _board.CreateDigitalOutputPort(_board.Pins.OnboardLed);

        port.State = true;
        port.State = false;

        string[] lines = _log.Lines.Where(l => l.Level == LogLevel.Information).Select(l => l.Message).ToArray();
        Assert.Equal(["Pin OnboardLed (GPIO2) is now ON", "Pin OnboardLed (GPIO2) is now OFF"], lines);
    }

    [Fact]
    public void Opening_a_port_high_drives_the_pin_high()
    {
        using IDigitalOutputPort port = _board.CreateDigitalOutputPort(_board.Pins.D07, initialState: true);

        Assert.True(port.InitialState);
        Assert.True(_board.GetPinState(_board.Pins.D07));
    }

    [Fact]
    public void Second_port_on_a_pin_is_refused_naming_the_pin()
    {
        using IDigitalOutputPort port = _board.CreateDigitalOutputPort(_board.Pins.OnboardLed);

        var error = Assert.Throws<InvalidOperationException>(() => _board.CreateDigitalOutputPort(_board.Pins.OnboardLed));
        Assert.Contains("OnboardLed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnboardLed_and_D02_are_one_pin_so_one_port_at_a_time()
    {
        using IDigitalOutputPort port = _board.CreateDigitalOutputPort(_board.Pins.OnboardLed);

        var error = Assert.Throws<InvalidOperationException>(() => _board.CreateDigitalOutputPort(_board.Pins.D02));
        Assert.Contains("D02", error.Message, StringComparison.Ordinal);
        Assert.Contains("OnboardLed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_a_port_frees_the_pin_and_closes_the_port()
    {
        IDigitalOutputPort first = _board.CreateDigitalOutputPort(_board.Pins.D03);
        first.Dispose();
        first.Dispose();

        using IDigitalOutputPort second = _board.CreateDigitalOutputPort(_board.Pins.D03);
        second.State = true;

        Assert.Throws<ObjectDisposedException>(() => first.State = false);
        Assert.True(_board.GetPinState(_board.Pins.D03));
    }

    [Fact]
    public void Pin_of_another_board_is_refused()
    {
        using var other = new SimulatedBoard();

        var error = Assert.Throws<ArgumentException>(() => _board.CreateDigitalOutputPort(other.Pins.OnboardLed));
        Assert.Contains("OnboardLed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_board_refuses_new_ports_and_closes_open_ones()
    {
        IDigitalOutputPort port = _board.CreateDigitalOutputPort(_board.Pins.D01);

        _board.Dispose();

        Assert.Throws<ObjectDisposedException>(() => port.State = true);
        Assert.Throws<ObjectDisposedException>(() => _board.CreateDigitalOutputPort(_board.Pins.D01));
    }

    [Fact]
    public void Board_is_named_simulated_and_its_primary_wifi_is_its_adapter()
    {
        INetworkAdapterCollection adapters = ((IBoard)_board).NetworkAdapters;

        Assert.Equal("simulated", ((IBoard)_board).Name);
        Assert.Same(_board.WiFi, adapters.Primary<IWiFiNetworkAdapter>());
        Assert.Single(adapters);
    }
}
