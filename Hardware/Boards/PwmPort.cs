namespace EspWs.Hardware.Boards;

/// <summary>A PWM port of a board: the board keeps its setting and drives the pin, the port only forwards to it.</summary>
public sealed class PwmPort : IPwmPort
{
    private readonly PortBoard _board;

    internal PwmPort(PortBoard board, IPin pin)
    {
        _board = board;
        Pin = pin;
    }

    /// <inheritdoc/>
    public IPin Pin { get; }

    /// <inheritdoc/>
    public Frequency Frequency
    {
        get => _board.ReadPwm(this).Frequency;
        set
        {
            Frequency frequency = PwmOutput.Checked(value);
            _board.WritePwm(this, pwm => pwm with { Frequency = frequency });
        }
    }

    /// <inheritdoc/>
    public double DutyCycle
    {
        get => _board.ReadPwm(this).DutyCycle;
        set
        {
            double dutyCycle = PwmOutput.Checked(value);
            _board.WritePwm(this, pwm => pwm with { DutyCycle = dutyCycle });
        }
    }

    /// <inheritdoc/>
    public bool Inverted
    {
        get => _board.ReadPwm(this).Inverted;
        set => _board.WritePwm(this, pwm => pwm with { Inverted = value });
    }

    /// <inheritdoc/>
    public bool State => _board.ReadPwm(this).Running;

    /// <inheritdoc/>
    public void Start() => _board.WritePwm(this, static pwm => pwm with { Running = true });

    /// <inheritdoc/>
    public void Stop() => _board.WritePwm(this, static pwm => pwm with { Running = false });

    /// <summary>Closes the port and frees its pin for another port.</summary>
    public void Dispose() => _board.Release(this, Pin);

    /// <summary>The pin's name, so log lines and messages read naturally.</summary>
    public override string ToString() => $"PWM port on {Pin.Name}";
}
