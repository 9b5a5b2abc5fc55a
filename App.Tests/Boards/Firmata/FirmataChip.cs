namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>
/// The emulated chip's memory: the capabilities ConfigurableFirmata reports, and the mode, level and PWM value of each
/// pin as the firmware sets them, with a log of every mode change, digital write, PWM write and level a pin takes.
/// </summary>
/// <remarks>
/// It does what ConfigurableFirmata 3.4 does, as seen running unmodified: the capability report covers pins 0 to 19;
/// a mode change to output drives the pin LOW first (DigitalOutputFirmata::handlePinMode), even when it already is an
/// output; a mode change to PWM starts it at 0 (AnalogOutputFirmata); a write reaches only an output, an analog write
/// only a PWM pin; SYSTEM_RESET makes every digital pin an output, LOW, and stops digital reporting (the stock
/// sketch's systemResetCallback); a hung chip does nothing at all. Inputs are in <c>FirmataChip.Inputs.cs</c>.
/// </remarks>
public sealed partial class FirmataChip
{
    public const int PinCount = 20;

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
    private readonly List<(int Pin, bool Level)> _levelHistory = [];
    private readonly int[] _pwm = new int[PinCount];
    private readonly List<(int Pin, int Value)> _pwmWrites = [];
    private long _bytesFromHost;
    private volatile bool _hung;

    /// <summary>The modes each pin offers, written independently of the app's pin map: an ESP32 as ConfigurableFirmata sees it.</summary>
    public static IReadOnlyList<(byte Mode, byte Resolution)> ModesOf(int pin) => pin switch
    {
        >= 6 and <= 11 => [],
        _ => [(Input, 1), (InputPullUp, 1), (Output, 1), (Pwm, 8)],
    };

    /// <summary>Whether the chip has stopped answering (its firmware hangs) while its link stays up.</summary>
    public bool IsHung
    {
        get => _hung;
        set => _hung = value;
    }

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

    /// <summary>Every value written to a PWM pin, in order, as the firmware took it (the mode change to PWM writes 0).</summary>
    public IReadOnlyList<(int Pin, int Value)> PwmWrites
    {
        get
        {
            lock (_gate)
            {
                return [.. _pwmWrites];
            }
        }
    }

    /// <summary>How many bytes the host has sent this chip, over every link.</summary>
    public long BytesFromHost => Interlocked.Read(ref _bytesFromHost);

    public int PwmValue(int pin)
    {
        lock (_gate)
        {
            return _pwm[pin];
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

    /// <summary>Every level <paramref name="pin"/> was driven to, in order, whatever drove it (a write, a mode change, a reset).</summary>
    public IReadOnlyList<bool> LevelsOf(int pin)
    {
        lock (_gate)
        {
            return [.. _levelHistory.Where(change => change.Pin == pin).Select(change => change.Level)];
        }
    }

    /// <summary>Forgets every mode and level, as a chip that was reset or power-cycled: its pins float low.</summary>
    public void PowerOff()
    {
        lock (_gate)
        {
            for (int pin = 0; pin < PinCount; pin++)
            {
                if (_levels[pin])
                {
                    _levelHistory.Add((pin, false));
                }
            }

            Array.Clear(_modes);
            Array.Clear(_levels);
            Array.Clear(_pwm);
            ResetInputs();
        }
    }

    /// <summary>What the stock sketch's systemResetCallback does: every digital pin becomes an output, LOW.</summary>
    internal void SystemReset()
    {
        for (int pin = 0; pin < PinCount; pin++)
        {
            SetMode(pin, Output);
        }

        lock (_gate)
        {
            ResetInputs();
        }
    }

    internal void SetMode(int pin, byte mode)
    {
        lock (_gate)
        {
            if (pin < PinCount && ModesOf(pin).Any(m => m.Mode == mode))
            {
                if (mode == Output)
                {
                    Drive(pin, false);
                }

                _modes[pin] = mode;
                _modeChanges.Add((pin, mode));
                if (mode == Pwm)
                {
                    WritePwm(pin, 0);
                }

                ReportChangedPorts();
            }
        }
    }

    /// <summary>An analog write (ANALOG_MESSAGE or EXTENDED_ANALOG): the value reaches only a PWM pin.</summary>
    internal void AnalogWrite(int pin, int value)
    {
        lock (_gate)
        {
            if (pin < PinCount && _modes[pin] == Pwm)
            {
                WritePwm(pin, value);
            }
        }
    }

    internal void CountFromHost(int bytes) => Interlocked.Add(ref _bytesFromHost, bytes);

    internal void Write(int pin, bool level)
    {
        lock (_gate)
        {
            if (pin < PinCount && _modes[pin] == Output)
            {
                Drive(pin, level);
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

    // Callers hold _gate.
    private void WritePwm(int pin, int value)
    {
        _pwm[pin] = value;
        _pwmWrites.Add((pin, value));
    }

    // Callers hold _gate.
    private void Drive(int pin, bool level)
    {
        _levels[pin] = level;
        _levelHistory.Add((pin, level));
    }
}
