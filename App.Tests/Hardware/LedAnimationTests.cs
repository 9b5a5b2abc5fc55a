using EspWs.Hardware.Boards.Simulated;
using EspWs.Hardware.Peripherals;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Hardware;

public sealed class LedAnimationTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly SimulatedBoard _board = new();
    private readonly Led _led;

    public LedAnimationTests() => _led = new Led(_board.Pins.OnboardLed, _time);

    public void Dispose()
    {
        _led.Dispose();
        _board.Dispose();
    }

    private bool PinIsHigh => _board.GetPinState(_board.Pins.OnboardLed);

    [Fact]
    public async Task StartBlink_toggles_after_each_on_and_off_duration()
    {
        await _led.StartBlink(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)).WaitAsync(TestTimeouts.Await);
        Assert.True(PinIsHigh);

        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.True(PinIsHigh);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(PinIsHigh);

        _time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(PinIsHigh);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(PinIsHigh);

        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.False(PinIsHigh);
    }

    [Fact]
    public async Task StartBlink_without_durations_blinks_500_ms_on_and_500_ms_off()
    {
        await _led.StartBlink().WaitAsync(TestTimeouts.Await);
        Assert.True(PinIsHigh);
        for (int step = 0; step < 4; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(499));
            Assert.Equal(step % 2 == 0, PinIsHigh);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.True(PinIsHigh);
    }

    [Fact]
    public async Task StopAnimation_ends_the_blink_and_leaves_the_led_off()
    {
        await _led.StartBlink().WaitAsync(TestTimeouts.Await);

        await _led.StopAnimation().WaitAsync(TestTimeouts.Await);
        Assert.False(PinIsHigh);
        Assert.False(_led.IsOn);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(PinIsHigh);
    }

    [Fact]
    public async Task Setting_IsOn_stops_the_blink_and_holds_the_value()
    {
        await _led.StartBlink().WaitAsync(TestTimeouts.Await);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(PinIsHigh);

        _led.IsOn = true;

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(PinIsHigh);
        Assert.True(_led.IsOn);
    }

    [Fact]
    public async Task StartBlink_replaces_the_running_blink()
    {
        await _led.StartBlink(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100)).WaitAsync(TestTimeouts.Await);
        await _led.StartBlink(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)).WaitAsync(TestTimeouts.Await);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(PinIsHigh);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(PinIsHigh);
    }

    [Fact]
    public async Task Dispose_stops_the_blink()
    {
        using IDisposable subscription = ObservePin(out List<bool> changes);
        await _led.StartBlink().WaitAsync(TestTimeouts.Await);

        _led.Dispose();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([true], changes);
    }

    [Theory]
    [InlineData(0, 500)]
    [InlineData(500, 0)]
    [InlineData(-1, 500)]
    public async Task StartBlink_refuses_a_duration_that_is_not_positive(int onMilliseconds, int offMilliseconds)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _led.StartBlink(TimeSpan.FromMilliseconds(onMilliseconds), TimeSpan.FromMilliseconds(offMilliseconds)));
        Assert.False(PinIsHigh);
    }

    private Subscription ObservePin(out List<bool> changes)
    {
        var seen = new List<bool>();
        changes = seen;
        EventHandler<PinStateChangedEventArgs> handler = (_, args) => seen.Add(args.State);
        _board.PinStateChanged += handler;
        return new Subscription(() => _board.PinStateChanged -= handler);
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
