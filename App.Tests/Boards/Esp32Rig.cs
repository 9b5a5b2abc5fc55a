using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Hardware;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards;

/// <summary>An <see cref="Esp32Board"/> linked to an emulated chip, with a captured log; disposing it closes the board first.</summary>
internal sealed class Esp32Rig : IAsyncDisposable
{
    public static readonly TimeSpan LinkTimeout = TimeSpan.FromSeconds(10);

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

    public static Esp32Rig Create(IFirmataTransport? transport = null)
    {
        var emulator = new FirmataDeviceEmulator();
        var log = new CapturingLoggerFactory();
        var options = new Esp32BoardOptions { ReconnectInterval = TimeSpan.FromMilliseconds(50) };
        return new Esp32Rig(emulator, log, new Esp32Board(transport ?? emulator.Transport, options, log));
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
