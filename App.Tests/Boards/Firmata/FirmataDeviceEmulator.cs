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

    /// <summary>Cuts every link, as a chip that lost power; while <paramref name="stayAway"/>, new links are refused.</summary>
    public async Task DropLinkAsync(bool stayAway)
    {
        _reachable = !stayAway;
        FirmataEmulatorSession[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
        }

        foreach (FirmataEmulatorSession session in sessions)
        {
            await session.DropAsync();
        }

        Chip.Reset();
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
        lock (_gate)
        {
            _sessions.Add(new FirmataEmulatorSession(Chip, toChip.Reader, toHost.Writer));
        }

        return new FirmataConnection(new DuplexPipeStream(toHost.Reader, toChip.Writer), ChipAddress);
    }
}
