using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using EspWs.Hardware.Peripherals;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Hardware;

public sealed class PwmLedTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly SimulatedBoard _board = new();
    private readonly PwmLed _led;

    public PwmLedTests() => _led = new PwmLed(_board.Pins.D04, _time);

    public void Dispose()
    {
        _led.Dispose();
        _board.Dispose();
    }

    private double Duty => _board.GetDutyCycle(_board.Pins.D04);

    [Fact]
    public void Starts_off_with_the_port_running_at_the_default_frequency()
    {
        Assert.False(_led.IsOn);
        Assert.Equal(0f, _led.Brightness);
        Assert.True(_led.Port.State);
        Assert.Equal(PwmLed.DefaultFrequency, _led.Port.Frequency);
        Assert.Equal(0, Duty);
    }

    [Fact]
    public void SetBrightness_sets_the_duty_cycle_and_lights_the_led()
    {
        _led.SetBrightness(0.4f);

        Assert.True(_led.IsOn);
        Assert.Equal(0.4f, _led.Brightness);
        Assert.Equal(0.4, Duty, 6);
    }

    [Fact]
    public void IsOn_true_restores_the_last_non_zero_brightness()
    {
        _led.SetBrightness(0.25f);
        _led.IsOn = false;
        Assert.Equal(0, Duty);

        _led.IsOn = true;

        Assert.Equal(0.25, Duty, 6);
        Assert.Equal(0.25f, _led.Brightness);
    }

    [Fact]
    public void IsOn_true_on_a_new_led_lights_it_fully()
    {
        _led.IsOn = true;

        Assert.Equal(1, Duty);
    }

    [Theory]
    [InlineData(-0.01f)]
    [InlineData(1.01f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_brightness_outside_0_to_1_is_refused_and_the_led_left_as_it_is(float brightness)
    {
        _led.SetBrightness(0.5f);

        Assert.Throws<ArgumentOutOfRangeException>(() => _led.SetBrightness(brightness));

        Assert.Equal(0.5, Duty, 6);
    }

    [Fact]
    public void An_owned_port_is_closed_on_dispose_and_a_borrowed_one_is_not()
    {
        _led.Dispose();
        using IPwmPort port = _board.CreatePwmPort(_board.Pins.D04, new Frequency(500), 0f);

        using (var borrowing = new PwmLed(port, _time))
        {
            borrowing.SetBrightness(0.75f);
        }

        Assert.Equal(0.75, port.DutyCycle, 6);
        Assert.Equal(0.75, Duty, 6);
    }

    [Fact]
    public void A_pin_that_cannot_do_pwm_is_refused_with_the_reason()
    {
        var pin = new EspWs.Hardware.Boards.Pin("X", 1, new OutputsOnly());

        var error = Assert.Throws<NotSupportedException>(() => new PwmLed(pin, _time));

        Assert.Contains("X", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartBlink_with_brightnesses_alternates_between_them()
    {
        await _led.StartBlink(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), 0.8f, 0.1f);
        Assert.Equal(0.8, Duty, 6);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(0.1, Duty, 6);
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Equal(0.1, Duty, 6);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0.8, Duty, 6);
    }

    [Fact]
    public async Task StartBlink_without_brightnesses_blinks_at_the_last_brightness()
    {
        _led.SetBrightness(0.3f);

        await _led.StartBlink();
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, Duty);
        _time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(0.3, Duty, 6);
    }

    [Fact]
    public async Task StartPulse_falls_to_low_at_half_period_and_rises_back_in_bounded_steps()
    {
        var written = new List<double>();
        await _led.StartPulse(TimeSpan.FromSeconds(1), 1f, 0.2f);

        for (int step = 0; step < 50; step++)
        {
            _time.Advance(PwmLed.PulseStepInterval);
            written.Add(Duty);
        }

        Assert.Equal(0.2, written[24], 6);
        Assert.Equal(1, written[49], 6);
        Assert.All(written, duty => Assert.InRange(duty, 0.2 - 1e-6, 1 + 1e-6));
        Assert.True(written.Zip(written.Skip(1)).All(pair => Math.Abs(pair.Second - pair.First) <= 0.033), "a step jumped");
    }

    [Fact]
    public async Task SetBrightness_stops_a_running_animation()
    {
        await _led.StartPulse();
        _led.SetBrightness(0.6f);

        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(0.6, Duty, 6);
    }

    [Fact]
    public async Task StopAnimation_ends_it_and_leaves_the_led_off()
    {
        await _led.StartBlink(0.9f);
        await _led.StopAnimation();

        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(0, Duty);
        Assert.False(_led.IsOn);
    }

    [Fact]
    public async Task An_animation_whose_board_was_disposed_ends_quietly()
    {
        await _led.StartPulse();
        _board.Dispose();

        Assert.Null(Record.Exception(() => _time.Advance(TimeSpan.FromSeconds(1))));
    }

    [Theory]
    [InlineData(0.5f, 0.5f)]
    [InlineData(0.2f, 0.4f)]
    [InlineData(1.5f, 0f)]
    public void Blink_and_pulse_refuse_a_range_that_is_empty_or_out_of_bounds(float high, float low)
    {
        // Both refuse before they start anything, not in the task they return.
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = _led.StartBlink(high, low); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = _led.StartPulse(high, low); });
    }

    private sealed class OutputsOnly : IPinController
    {
    }
}
