namespace EspWs.Hardware.Boards;

/// <summary>One open port as its board keeps it: the pin, what it is used for, and what the port last set.</summary>
/// <remarks>A board reads and changes a record only under its lock; a copy (<c>record with { }</c>) can leave it.</remarks>
internal sealed record PortRecord(IPin Pin, int Gpio, PinUse Use, object Port)
{
    /// <summary>An output's level: <see langword="true"/> is high.</summary>
    public bool Level { get; set; }

    /// <summary>A PWM port's setting.</summary>
    public PwmOutput Pwm { get; set; }

    /// <summary>An input's bias.</summary>
    public ResistorMode Resistor { get; init; }

    /// <summary>An input's port, which the board tells each level it reads.</summary>
    public DigitalInterruptPort? Input => Port as DigitalInterruptPort;

    /// <summary>The pin for messages: <c>D04 (GPIO4)</c>.</summary>
    public string Describe() => $"{Pin.Name} (GPIO{Gpio})";
}
