using EspWs.App.Tests.Support;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Hardware;

public sealed class SimulatedPwmTests : IDisposable
{
    private readonly CapturingLoggerFactory _log = new();
    private readonly SimulatedBoard _board;

    public SimulatedPwmTests() => _board = new SimulatedBoard(_log);

    public void Dispose() => _board.Dispose();

    private IPin Pin => _board.Pins.D18;

    [Fact]
    public void A_running_port_drives_its_duty_cycle_and_the_board_logs_each_change()
    {
        using IPwmPort port = _board.CreatePwmPort(Pin, new Frequency(1000), 0.25f);
        Assert.Equal(0, _board.GetDutyCycle(Pin));

        port.Start();
        port.DutyCycle = 0.5;

        Assert.Equal(0.5, _board.GetDutyCycle(Pin));
        Assert.Contains(_log.Lines, line => line.Level == LogLevel.Debug && line.Message == "Pin D18 (GPIO18) duty cycle is now 0.25");
        Assert.Contains(_log.Lines, line => line.Message == "Pin D18 (GPIO18) duty cycle is now 0.5");
    }

    [Fact]
    public void A_stopped_port_holds_its_pin_low_and_an_inverted_one_high()
    {
        using IPwmPort port = _board.CreatePwmPort(Pin, new Frequency(1000), 0.3f);
        port.Start();
        port.Inverted = true;
        Assert.Equal(0.7, _board.GetDutyCycle(Pin), 6);

        port.Stop();

        Assert.False(port.State);
        Assert.Equal(1, _board.GetDutyCycle(Pin));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_duty_cycle_outside_0_to_1_is_refused_and_the_pin_left_as_it_was(double dutyCycle)
    {
        using IPwmPort port = _board.CreatePwmPort(Pin, new Frequency(1000), 0.4f);
        port.Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => port.DutyCycle = dutyCycle);

        Assert.Equal(0.4, _board.GetDutyCycle(Pin), 6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-50)]
    [InlineData(double.PositiveInfinity)]
    public void A_frequency_that_is_not_a_positive_number_is_refused(double hertz)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _board.CreatePwmPort(Pin, new Frequency(hertz)));
        using IPwmPort port = _board.CreatePwmPort(Pin, new Frequency(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => port.Frequency = new Frequency(hertz));
    }

    [Fact]
    public void A_pin_with_a_pwm_port_cannot_be_opened_again_in_any_way()
    {
        using IPwmPort port = _board.CreatePwmPort(Pin, new Frequency(1000));

        Assert.Throws<InvalidOperationException>(() => _board.CreateDigitalOutputPort(Pin));
        Assert.Throws<InvalidOperationException>(() => _board.CreateDigitalInterruptPort(Pin, InterruptMode.EdgeBoth, ResistorMode.InternalPullUp, TimeSpan.Zero, TimeSpan.Zero));
    }

    [Fact]
    public void A_closed_port_is_unusable_and_its_pin_reads_zero()
    {
        IPwmPort port = _board.CreatePwmPort(Pin, new Frequency(1000), 0.5f);
        port.Start();

        port.Dispose();

        Assert.Throws<ObjectDisposedException>(() => port.DutyCycle = 0.1);
        Assert.Equal(0, _board.GetDutyCycle(Pin));
    }
}
