namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>The lines of the board's GPIO chip by name: <c>GPIO0</c>..<c>GPIOn</c> (BCM numbers on a Raspberry Pi), and <c>OnboardLed</c> for the configured LED line.</summary>
/// <remarks><c>OnboardLed</c> and the line it names are one pin, so only one port can be open on them at a time.</remarks>
public sealed class LinuxGpioPins : PinDefinitions
{
    internal LinuxGpioPins(IPinController board, int pinCount, int ledPin)
        : base(new Pin("OnboardLed", ledPin, board), Enumerable.Range(0, pinCount).Select(line => (IPin)new Pin($"GPIO{line}", line, board)))
    {
        PinCount = pinCount;
    }

    /// <summary>How many lines the chip has.</summary>
    public int PinCount { get; }
}
