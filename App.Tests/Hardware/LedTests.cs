using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using EspWs.Hardware.Peripherals;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Hardware;

public sealed class LedTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly SimulatedBoard _board = new();

    public void Dispose() => _board.Dispose();

    [Fact]
    public void IsOn_drives_the_pin_high_and_low()
    {
        using var led = new Led(_board.Pins.OnboardLed, _time);

        led.IsOn = true;
        Assert.True(_board.GetPinState(_board.Pins.OnboardLed));
        Assert.True(led.IsOn);

        led.IsOn = false;
        Assert.False(_board.GetPinState(_board.Pins.OnboardLed));
        Assert.False(led.IsOn);
    }

    [Fact]
    public void Led_made_from_a_pin_disposes_the_port_it_opened()
    {
        var led = new Led(_board.Pins.OnboardLed, _time);
        Assert.Throws<InvalidOperationException>(() => _board.CreateDigitalOutputPort(_board.Pins.OnboardLed));

        led.Dispose();

        Assert.Throws<ObjectDisposedException>(() => led.Port.State = true);
        using IDigitalOutputPort again = _board.CreateDigitalOutputPort(_board.Pins.OnboardLed);
        Assert.Same(_board.Pins.OnboardLed, again.Pin);
    }

    [Fact]
    public void Led_given_a_port_leaves_it_open_when_disposed()
    {
        using IDigitalOutputPort port = _board.CreateDigitalOutputPort(_board.Pins.D04);
        var led = new Led(port, _time);
        led.IsOn = true;

        led.Dispose();

        Assert.True(port.State);
        port.State = false;
        Assert.False(_board.GetPinState(_board.Pins.D04));
    }

    [Fact]
    public void Led_given_a_port_starts_as_the_port_is()
    {
        using IDigitalOutputPort port = _board.CreateDigitalOutputPort(_board.Pins.D05, initialState: true);
        using var led = new Led(port, _time);

        Assert.True(led.IsOn);
    }

    [Fact]
    public void Setting_IsOn_after_dispose_is_refused()
    {
        var led = new Led(_board.Pins.OnboardLed, _time);
        led.Dispose();

        Assert.Throws<ObjectDisposedException>(() => led.IsOn = true);
        Assert.Throws<ObjectDisposedException>(() => led.StartBlink().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Setting_IsOn_from_many_threads_leaves_led_and_pin_in_agreement()
    {
        using var led = new Led(_board.Pins.OnboardLed, _time);
        Task[] writers = Enumerable.Range(0, 8)
            .Select(i => Task.Run(async () =>
            {
                for (int n = 0; n < 500; n++)
                {
                    switch ((i + n) % 3)
                    {
                        case 0:
                            led.IsOn = n % 2 == 0;
                            break;
                        case 1:
                            await led.StartBlink();
                            break;
                        default:
                            await led.StopAnimation();
                            break;
                    }
                }
            }))
            .ToArray();

        await Task.WhenAll(writers).WaitAsync(TestTimeouts.Await);
        led.IsOn = true;

        Assert.True(_board.GetPinState(_board.Pins.OnboardLed));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(_board.GetPinState(_board.Pins.OnboardLed));
    }

    [Fact]
    public async Task Blink_on_the_system_clock_toggles_the_pin()
    {
        using var led = new Led(_board.Pins.D06);
        var fourChanges = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int changes = 0;
        _board.PinStateChanged += (_, _) =>
        {
            if (Interlocked.Increment(ref changes) == 4)
            {
                fourChanges.TrySetResult();
            }
        };

        await led.StartBlink(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        await fourChanges.Task.WaitAsync(TestTimeouts.Await);
        await led.StopAnimation();

        Assert.False(_board.GetPinState(_board.Pins.D06));
    }
}
