namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// Reads the chip's bytes message by message, as a Firmata parser does, and decides what the Firmata client sees of
/// the two reports a restarted chip announces itself with: the version report and the firmware report.
/// </summary>
/// <remarks>
/// Firmata (protocol.md): a byte with the top bit set starts a message and cuts short any message before it, except
/// END_SYSEX, which ends a sysex. So bytes that are no Firmata at all, such as the ESP32's ROM boot log (plain ASCII),
/// fall between messages, where every parser skips them; and a reset in the middle of a reply cannot hide the
/// announcement that follows it. A report is held back until it is complete (at most <see cref="MaxHeldBytes"/> bytes;
/// a longer one is passed on as it is), then:
/// <list type="bullet">
/// <item>the answer to the link's own health probe is consumed here, so the client never sees it;</item>
/// <item>an answer to a query the client wrote is passed on;</item>
/// <item>after the handshake (<see cref="Arm"/>), a version report nobody asked for, or any firmware report, means
/// the chip restarted: processing stops, and the bytes after the report are kept for the next link;</item>
/// <item>before it, such a report is dropped: a client still starting would take a late boot announcement for the
/// answer to a later query.</item>
/// </list>
/// Reads run on the client's input thread and queries are counted on the writing threads, so the counts are locked.
/// </remarks>
internal sealed class FirmataInputFilter
{
    /// <summary>The longest report held back whole; ConfigurableFirmata's firmware report is 45 bytes.</summary>
    public const int MaxHeldBytes = 128;

    private const byte StartSysex = 0xF0;
    private const byte EndSysex = 0xF7;
    private const byte ReportVersion = 0xF9;
    private const byte SystemReset = 0xFF;
    private const byte ReportFirmware = 0x79;
    private const int VersionReportLength = 3;

    private readonly Lock _gate = new();
    private readonly byte[] _held = new byte[MaxHeldBytes];
    private int _heldCount;
    private Held _holding;
    private bool _inSysex;
    private bool _sysexCommandSeen;
    private bool _outInSysex;
    private bool _outSysexCommandSeen;
    private bool _outFirmwareQuery;
    private int _versionQueries;
    private int _firmwareQueries;
    private int _probes;
    private bool _armed;

    private enum Held
    {
        Nothing,
        SysexStart,
        Version,
        Firmware,
    }

    /// <summary>What one call of <see cref="Filter"/> found.</summary>
    public enum Outcome
    {
        /// <summary>Nothing of note: the output is all there is.</summary>
        None,

        /// <summary>The link's health probe was answered.</summary>
        ProbeAnswered,

        /// <summary>The chip announced a restart; the input after the announcement was not processed.</summary>
        Restarted,
    }

    /// <summary>Marks the end of the handshake: from now on a report nobody asked for means the chip restarted.</summary>
    public void Arm()
    {
        lock (_gate)
        {
            _armed = true;
        }
    }

    /// <summary>Counts one health probe (a version query the link itself writes), before it is written.</summary>
    public void CountProbe()
    {
        lock (_gate)
        {
            _versionQueries++;
            _probes++;
        }
    }

    /// <summary>
    /// Looks at bytes the client is about to write: counts its version and firmware queries, and returns false for a
    /// SYSTEM_RESET, which is not to be sent (see <see cref="FirmataLinkStream"/>).
    /// </summary>
    public bool Outgoing(byte b)
    {
        lock (_gate)
        {
            if (b < 0x80)
            {
                if (_outInSysex && !_outSysexCommandSeen)
                {
                    _outSysexCommandSeen = true;
                    _outFirmwareQuery = b == ReportFirmware;
                }

                return true;
            }

            if (b == EndSysex)
            {
                if (_outInSysex && _outFirmwareQuery)
                {
                    _firmwareQueries++;
                }

                _outInSysex = false;
                return true;
            }

            if (_outInSysex && b == SystemReset)
            {
                // Inside a sysex it is data: Iot.Device.Arduino's scheduler messages carry 0xFF as a marker.
                return true;
            }

            _outInSysex = b == StartSysex;
            _outSysexCommandSeen = false;
            _outFirmwareQuery = false;
            if (b == ReportVersion)
            {
                _versionQueries++;
            }

            return b != SystemReset;
        }
    }

    /// <summary>
    /// Filters <paramref name="input"/> into <paramref name="output"/> (which holds at least
    /// <c>input.Length + MaxHeldBytes</c> bytes); <paramref name="written"/> is what the client is to read and
    /// <paramref name="consumed"/> how much of the input was processed (all of it unless the chip restarted).
    /// </summary>
    public Outcome Filter(ReadOnlySpan<byte> input, Span<byte> output, out int written, out int consumed)
    {
        Outcome outcome = Outcome.None;
        written = 0;
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            Outcome seen = Step(b, output, ref written);
            if (seen == Outcome.Restarted)
            {
                consumed = i + 1;
                return seen;
            }

            if (seen != Outcome.None)
            {
                outcome = seen;
            }
        }

        consumed = input.Length;
        return outcome;
    }

    private Outcome Step(byte b, Span<byte> output, ref int written)
    {
        if (b >= 0x80 && !(b == EndSysex && _inSysex))
        {
            // A command byte starts a new message; a report still held was cut short, so it goes on as the chip sent it.
            Release(output, ref written);
            _inSysex = b == StartSysex;
            _sysexCommandSeen = false;
            _holding = b switch
            {
                ReportVersion => Held.Version,
                StartSysex => Held.SysexStart,
                _ => Held.Nothing,
            };
            return Keep(b, output, ref written);
        }

        if (b == EndSysex)
        {
            _inSysex = false;
            if (_holding != Held.Firmware)
            {
                Release(output, ref written);
                output[written++] = b;
                return Outcome.None;
            }

            _held[_heldCount++] = b;
            return Complete(output, ref written);
        }

        if (_inSysex && !_sysexCommandSeen)
        {
            _sysexCommandSeen = true;
            if (_holding == Held.SysexStart)
            {
                if (b == ReportFirmware)
                {
                    _holding = Held.Firmware;
                }
                else
                {
                    Release(output, ref written);
                }
            }
        }

        Outcome outcome = Keep(b, output, ref written);
        return _holding == Held.Version && _heldCount == VersionReportLength ? Complete(output, ref written) : outcome;
    }

    private Outcome Keep(byte b, Span<byte> output, ref int written)
    {
        if (_holding == Held.Nothing)
        {
            output[written++] = b;
            return Outcome.None;
        }

        if (_heldCount == MaxHeldBytes - 1)
        {
            // Too long for a report: whatever it is, the client parses it.
            Release(output, ref written);
            output[written++] = b;
            return Outcome.None;
        }

        _held[_heldCount++] = b;
        return Outcome.None;
    }

    private Outcome Complete(Span<byte> output, ref int written)
    {
        bool version = _holding == Held.Version;
        bool asked;
        bool probe = false;
        bool armed;
        lock (_gate)
        {
            armed = _armed;
            ref int queries = ref version ? ref _versionQueries : ref _firmwareQueries;
            asked = queries > 0 && !(armed && !version);
            if (asked)
            {
                queries--;
                if (version && _probes > 0)
                {
                    _probes--;
                    probe = true;
                }
            }
        }

        if (probe)
        {
            Drop();
            return Outcome.ProbeAnswered;
        }

        if (asked)
        {
            Release(output, ref written);
            return Outcome.None;
        }

        Drop();
        return armed ? Outcome.Restarted : Outcome.None;
    }

    private void Release(Span<byte> output, ref int written)
    {
        _held.AsSpan(0, _heldCount).CopyTo(output[written..]);
        written += _heldCount;
        Drop();
    }

    private void Drop()
    {
        _heldCount = 0;
        _holding = Held.Nothing;
    }
}
