using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using EspWs.Hardware.Peripherals;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Hardware;

public sealed class PushButtonTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly SimulatedBoard _board;
    private readonly PushButton _button;
    private readonly List<string> _events = [];

    public PushButtonTests()
    {
        _board = new SimulatedBoard(timeProvider: _time);
        _button = new PushButton(_board.Pins.D04, timeProvider: _time);
        _button.PressStarted += (_, _) => _events.Add("down");
        _button.PressEnded += (_, _) => _events.Add("up");
        _button.Clicked += (_, _) => _events.Add("click");
        _button.LongClicked += (_, _) => _events.Add("long");
    }

    public void Dispose()
    {
        _button.Dispose();
        _board.Dispose();
    }

    private IPin Pin => _board.Pins.D04;

    [Fact]
    public void Defaults_are_meadows()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(50), _button.DebounceDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), _button.LongClickedThreshold);
        Assert.Equal(ResistorMode.InternalPullUp, _button.Port.Resistor);
        Assert.False(_button.State);
    }

    [Fact]
    public void A_short_press_is_a_click()
    {
        Press(TimeSpan.FromMilliseconds(120));

        Assert.Equal(["down", "up", "click"], _events);
    }

    [Fact]
    public void A_press_at_the_threshold_is_a_long_click_told_on_release()
    {
        _board.PressButton(Pin);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["down"], _events);
        Assert.True(_button.State);

        _board.ReleaseButton(Pin);

        Assert.Equal(["down", "up", "long"], _events);
        Assert.False(_button.State);
    }

    [Fact]
    public void A_bouncing_contact_gives_one_press_and_one_release()
    {
        Bounce(pressedAtEnd: true);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Bounce(pressedAtEnd: false);
        _time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(["down", "up", "click"], _events);
    }

    [Fact]
    public void A_contact_that_settles_inside_the_debounce_window_is_still_told()
    {
        _board.PressButton(Pin);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _board.ReleaseButton(Pin);
        Assert.Equal(["down"], _events);

        _time.Advance(TimeSpan.FromMilliseconds(40));

        Assert.Equal(["down", "up", "click"], _events);
    }

    [Fact]
    public void A_burst_of_bounces_raises_at_most_one_edge_per_debounce_duration()
    {
        for (int bounce = 0; bounce < 1000; bounce++)
        {
            _board.PressButton(Pin);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            _board.ReleaseButton(Pin);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        // Two seconds of bouncing: 2000 edges in, at most one every 50 ms out.
        Assert.InRange(_events.Count(e => e is "down" or "up"), 2, 2000 / 50 + 1);
    }

    [Fact]
    public void With_a_double_click_handler_two_quick_clicks_are_one_double_click()
    {
        var doubles = 0;
        _button.DoubleClicked += (_, _) => doubles++;

        Press(TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromMilliseconds(150));
        Press(TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, doubles);
        Assert.DoesNotContain("click", _events);
    }

    [Fact]
    public void With_a_double_click_handler_a_lone_click_is_told_when_the_window_ends()
    {
        _button.DoubleClicked += (_, _) => _events.Add("double");

        Press(TimeSpan.FromMilliseconds(100));
        _time.Advance(PushButton.DefaultDoubleClickWindow - TimeSpan.FromMilliseconds(1));
        Assert.DoesNotContain("click", _events);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["down", "up", "click"], _events);
    }

    [Fact]
    public void Without_a_double_click_handler_each_click_is_told_at_once()
    {
        Press(TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromMilliseconds(150));
        Press(TimeSpan.FromMilliseconds(100));

        Assert.Equal(2, _events.Count(e => e == "click"));
    }

    [Fact]
    public void A_pull_down_button_is_pressed_when_its_pin_goes_high()
    {
        _button.Dispose();
        using var button = new PushButton(_board.Pins.D05, ResistorMode.InternalPullDown, _time);

        _board.PressButton(_board.Pins.D05);

        Assert.True(button.Port.State);
        Assert.True(button.State);
    }

    [Fact]
    public void A_port_that_does_not_report_both_edges_is_refused()
    {
        using IDigitalInterruptPort port = _board.CreateDigitalInterruptPort(
            _board.Pins.D05, InterruptMode.EdgeFalling, ResistorMode.InternalPullUp, TimeSpan.Zero, TimeSpan.Zero);

        Assert.Throws<ArgumentException>(() => new PushButton(port, _time));
    }

    [Fact]
    public void Disposing_the_button_frees_its_pin()
    {
        _button.Dispose();

        using IDigitalInterruptPort port = _board.CreateDigitalInterruptPort(
            Pin, InterruptMode.EdgeBoth, ResistorMode.InternalPullUp, TimeSpan.Zero, TimeSpan.Zero);

        Assert.Equal(Pin, port.Pin);
    }

    private void Press(TimeSpan duration)
    {
        _board.PressButton(Pin);
        _time.Advance(duration);
        _board.ReleaseButton(Pin);
    }

    // Five contacts 2 ms apart, then the contact rests where it ends.
    private void Bounce(bool pressedAtEnd)
    {
        for (int i = 0; i < 5; i++)
        {
            bool pressed = (i % 2 == 0) == pressedAtEnd;
            if (pressed)
            {
                _board.PressButton(Pin);
            }
            else
            {
                _board.ReleaseButton(Pin);
            }

            _time.Advance(TimeSpan.FromMilliseconds(2));
        }
    }
}
