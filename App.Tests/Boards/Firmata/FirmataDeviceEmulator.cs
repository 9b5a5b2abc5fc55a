using System.IO.Pipelines;
using System.Net;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>
/// An ESP32 running ConfigurableFirmata, emulated: a <see cref="FirmataChip"/> reached through an in-memory
/// <see cref="Transport"/>, whose link a test can cut, refuse and let come back.
/// </summary>
public sealed class FirmataDeviceEmulator : IAsyncDisposable
{
    /// <summary>The address the emulated chip reports, from the documentation range (RFC 5737).</summary>
    public static readonly IPAddress ChipAddress = IPAddress.Parse("192.0.2.32");

    private readonly Lock _gate = new();
    private readonly List<FirmataEmulatorSession> _sessions = [];
    private volatile bool _reachable = true;

    public FirmataDeviceEmulator()
    {
        Transport = new InMemoryFirmataTransport(this);
    }

    public FirmataChip Chip { get; } = new();

    /// <summary>A transport for the board under test: each open is a new link to this chip.</summary>
    public IFirmataTransport Transport { get; }

    /// <summary>How many links the host has opened.</summary>
    public int LinksOpened
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>
    /// Whether opening a link resets the chip, as DTR/RTS do on most ESP32 boards when a serial port opens: the new link
    /// first carries the ROM's boot log and the firmware's announcement.
    /// </summary>
    public bool ResetsWhenOpened { get; set; }

    /// <summary>
    /// Cuts every link; while <paramref name="stayAway"/>, new links are refused. The chip forgets its pins (it lost
    /// power) unless <paramref name="chipKeepsPower"/> (a short Wi-Fi drop: the chip ran on).
    /// </summary>
    public async Task DropLinkAsync(bool stayAway, bool chipKeepsPower = false)
    {
        _reachable = !stayAway;
        foreach (FirmataEmulatorSession session in Sessions())
        {
            await session.DropAsync();
        }

        if (!chipKeepsPower)
        {
            Chip.PowerOff();
        }
    }

    /// <summary>Resets the chip with every link left open (EN pressed, the watchdog, a brown-out): it boots and announces itself.</summary>
    public Task RestartChipAsync(bool withRomLog = true) => FirmataBoot.RestartAsync(Chip, Sessions(), withRomLog);

    /// <summary>Sends <paramref name="bytes"/> on every open link, as the chip would.</summary>
    public async Task SendOnEveryLinkAsync(byte[] bytes)
    {
        foreach (FirmataEmulatorSession session in Sessions())
        {
            await session.SendAsync(bytes);
        }
    }

    /// <summary>Lets new links be opened again.</summary>
    public void ComeBack() => _reachable = true;

    public async ValueTask DisposeAsync() => await DropLinkAsync(stayAway: true);

    /// <summary>Opens a link to the chip: the host's end is returned, the chip's end is served by a new session.</summary>
    internal FirmataConnection Open()
    {
        if (!_reachable)
        {
            throw new IOException("The emulated ESP32 does not answer (it is switched off).");
        }

        var toChip = new Pipe();
        var toHost = new Pipe();
        var session = new FirmataEmulatorSession(Chip, toChip.Reader, toHost.Writer);
        lock (_gate)
        {
            _sessions.Add(session);
        }

        if (ResetsWhenOpened)
        {
            FirmataBoot.RestartAsync(Chip, [session], withRomLog: true).GetAwaiter().GetResult();
        }

        return new FirmataConnection(new DuplexPipeStream(toHost.Reader, toChip.Writer), ChipAddress);
    }

    private FirmataEmulatorSession[] Sessions()
    {
        lock (_gate)
        {
            return [.. _sessions];
        }
    }
}
