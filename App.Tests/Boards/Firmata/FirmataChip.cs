namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>
/// The emulated chip's memory: the capabilities ConfigurableFirmata reports for an ESP32, and the mode and level of
/// each pin as the host set them, with a log of every mode change and digital write.
/// </summary>
public sealed class FirmataChip
{
    public const int PinCount = 40;

    // Firmata's pin modes (protocol.md): what ConfigurableFirmata lists in its capability reply.
    public const byte Input = 0x00;
    public const byte Output = 0x01;
    public const byte Analog = 0x02;
    public const byte Pwm = 0x03;
    public const byte InputPullUp = 0x0B;

    private readonly Lock _gate = new();
    private readonly byte?[] _modes = new byte?[PinCount];
    private readonly bool[] _levels = new bool[PinCount];
    private readonly List<(int Pin, byte Mode)> _modeChanges = [];
    private readonly List<(int Pin, bool Level)> _writes = [];

    /// <summary>The modes each pin offers, written independently of the app's pin map: an ESP32 as ConfigurableFirmata sees it.</summary>
    public static IReadOnlyList<(byte Mode, byte Resolution)> ModesOf(int pin) => pin switch
    {
        >= 6 and <= 11 => [],
        20 or 24 or (>= 28 and <= 31) => [],
        >= 34 => [(Input, 1), (Analog, 12)],
        _ => [(Input, 1), (InputPullUp, 1), (Output, 1), (Pwm, 8)],
    };

    public bool Level(int pin)
    {
        lock (_gate)
        {
            return _levels[pin];
        }
    }

    public byte? Mode(int pin)
    {
        lock (_gate)
        {
            return _modes[pin];
        }
    }

    public IReadOnlyList<(int Pin, bool Level)> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public IReadOnlyList<(int Pin, byte Mode)> ModeChanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _modeChanges];
            }
        }
    }

    /// <summary>Forgets every mode and level, as a chip that was reset or power-cycled.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            Array.Clear(_modes);
            Array.Clear(_levels);
        }
    }

    internal void SetMode(int pin, byte mode)
    {
        lock (_gate)
        {
            if (pin < PinCount && ModesOf(pin).Any(m => m.Mode == mode))
            {
                _modes[pin] = mode;
                _modeChanges.Add((pin, mode));
            }
        }
    }

    internal void Write(int pin, bool level)
    {
        lock (_gate)
        {
            if (pin < PinCount && _modes[pin] == Output)
            {
                _levels[pin] = level;
                _writes.Add((pin, level));
            }
        }
    }

    /// <summary>The pin-state reply's mode and state; an unconfigured pin reads as an input.</summary>
    internal (byte Mode, byte State) State(int pin)
    {
        lock (_gate)
        {
            return pin < PinCount ? (_modes[pin] ?? Input, _levels[pin] ? (byte)1 : (byte)0) : (Input, (byte)0);
        }
    }
}
