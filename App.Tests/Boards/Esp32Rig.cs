using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Hardware;
using EspWs.Hardware.Boards.Esp32;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Boards;

/// <summary>An <see cref="Esp32Board"/> linked to an emulated chip, with a captured log; disposing it closes the board first.</summary>
internal sealed class Esp32Rig : IAsyncDisposable
{
    public static readonly TimeSpan LinkTimeout = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan ReconnectInterval = TimeSpan.FromMilliseconds(50);

    private Esp32Rig(FirmataDeviceEmulator emulator, CapturingLoggerFactory log, Esp32Board board)
    {
        Emulator = emulator;
        Log = log;
        Board = board;
    }

    public FirmataDeviceEmulator Emulator { get; }

    public FirmataChip Chip => Emulator.Chip;

    public CapturingLoggerFactory Log { get; }

    public Esp32Board Board { get; }

    /// <summary>The captured log, one line per entry, for failure messages.</summary>
    public string LogText => string.Join(Environment.NewLine, Log.Lines.Select(line => line.Message));

    /// <summary>A board on an emulated chip, reached through <paramref name="transport"/> (the emulator's own when null).</summary>
    public static Esp32Rig Create(Func<FirmataDeviceEmulator, IFirmataTransport>? transport = null, TimeSpan? healthInterval = null)
    {
        var emulator = new FirmataDeviceEmulator();
        var log = new CapturingLoggerFactory();
        var options = new Esp32BoardOptions { ReconnectInterval = ReconnectInterval, HealthInterval = healthInterval ?? TimeSpan.Zero };
        return new Esp32Rig(emulator, log, new Esp32Board(transport?.Invoke(emulator) ?? emulator.Transport, options, log));
    }

    public Task ConnectAsync() => Board.Link.ConnectAsync("unused", "", LinkTimeout);

    public async ValueTask DisposeAsync()
    {
        // The board first: ArduinoBoard's foreground input thread must end, or the test process never exits.
        Board.Dispose();
        await Emulator.DisposeAsync();
        Log.Dispose();
    }
}
