using System.Device.Pwm;

namespace EspWs.App.Tests.Boards.LinuxGpio;

/// <summary>A hardware PWM channel test double: it keeps what it is set to, as a sysfs channel would.</summary>
public sealed class FakePwmChannel : PwmChannel
{
    public FakePwmChannel(int chip, int channel, int frequency, double dutyCycle)
    {
        Chip = chip;
        Channel = channel;
        Frequency = frequency;
        DutyCycle = dutyCycle;
    }

    public int Chip { get; }

    public int Channel { get; }

    public bool Running { get; private set; }

    public bool Disposed { get; private set; }

    public override int Frequency { get; set; }

    public override double DutyCycle { get; set; }

    public override void Start() => Running = true;

    public override void Stop() => Running = false;

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
