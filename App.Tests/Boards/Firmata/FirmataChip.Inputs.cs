namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>
/// The inputs half of the emulated chip: what the outside world drives on each pin (a button to ground), and digital
/// reporting as ConfigurableFirmata 3.4's DigitalInputFirmata does it.
/// </summary>
/// <remarks>
/// REPORT_DIGITAL (<c>D0|port, 1</c>) turns reporting on for an 8-pin port and sends the port's value at once; from
/// then on, whenever the value of the port's input pins changes (a mode change, or a level the outside world drives),
/// the chip sends DIGITAL_MESSAGE (<c>90|port, bits 0-6, bit 7</c>) with the bits of its input pins, the others
/// cleared. The firmware polls its pins in its loop, so every bounce of a contact is reported: the emulator reports
/// every level a test drives.
/// </remarks>
public sealed partial class FirmataChip
{
    public const int PortCount = (PinCount + 7) / 8;

    private readonly bool?[] _external = new bool?[PinCount];
    private readonly bool[] _reporting = new bool[PortCount];
    private readonly int[] _reported = new int[PortCount];

    /// <summary>Raised, under the chip's lock and in order, with each DIGITAL_MESSAGE the chip sends.</summary>
    public event Action<byte[]>? Reported;

    /// <summary>Holds <paramref name="pin"/> at <paramref name="level"/> from outside, or lets it go (null), as a button or a wire does.</summary>
    public void DriveInput(int pin, bool? level)
    {
        lock (_gate)
        {
            _external[pin] = level;
            ReportChangedPorts();
        }
    }

    /// <summary>A button between <paramref name="pin"/> and ground, pressed.</summary>
    public void PressButton(int pin) => DriveInput(pin, false);

    /// <summary>That button, released: the pin floats, to high with the pull-up.</summary>
    public void ReleaseButton(int pin) => DriveInput(pin, null);

    /// <summary>REPORT_DIGITAL for <paramref name="port"/>: on, it sends the port's value at once, as the firmware does.</summary>
    internal void ReportDigital(int port, bool enable)
    {
        lock (_gate)
        {
            if (port >= PortCount)
            {
                return;
            }

            _reporting[port] = enable;
            if (enable)
            {
                SendPort(port);
            }
        }
    }

    // Callers hold _gate.
    private void ReportChangedPorts()
    {
        for (int port = 0; port < PortCount; port++)
        {
            if (_reporting[port] && PortValue(port) != _reported[port])
            {
                SendPort(port);
            }
        }
    }

    // Callers hold _gate.
    private void SendPort(int port)
    {
        if (_hung)
        {
            return;
        }

        int value = PortValue(port);
        _reported[port] = value;
        Reported?.Invoke([(byte)(0x90 | port), (byte)(value & 0x7F), (byte)((value >> 7) & 0x7F)]);
    }

    // Callers hold _gate. Pins that are not inputs read as 0, as DigitalInputFirmata::outputPort clears them.
    private int PortValue(int port)
    {
        int value = 0;
        for (int bit = 0; bit < 8 && (port * 8) + bit < PinCount; bit++)
        {
            int pin = (port * 8) + bit;
            bool high = _modes[pin] switch
            {
                InputPullUp => _external[pin] ?? true,
                Input => _external[pin] ?? false,
                _ => false,
            };
            value |= high ? 1 << bit : 0;
        }

        return value;
    }

    // Callers hold _gate. What a reset leaves: no reporting, nothing reported yet.
    private void ResetInputs()
    {
        Array.Clear(_reporting);
        Array.Clear(_reported);
    }
}
