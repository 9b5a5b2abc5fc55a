using EspWs.App.Tests.Boards.Firmata;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards.StandIns;

/// <summary>The ESP32 board on an emulated chip: the LED is GPIO2 as the chip saw it; cutting the link powers the chip off (it forgets its pins).</summary>
internal sealed class Esp32StandIn : IBoardStandIn
{
    private readonly FirmataDeviceEmulator _emulator = new();
    private readonly Esp32Board _board;

    public Esp32StandIn() =>
        _board = new Esp32Board(_emulator.Transport, new Esp32BoardOptions { ReconnectInterval = TimeSpan.FromMilliseconds(50) });

    public IBoard Board => _board;

    // The app dims the LED where the pin has PWM, as the ESP32's does: lit is then a duty cycle above zero.
    public bool LedIsLit => _emulator.Chip.Mode(Esp32PinMap.OnboardLedGpio) == FirmataChip.Pwm
        ? _emulator.Chip.PwmValue(Esp32PinMap.OnboardLedGpio) > 0
        : _emulator.Chip.Level(Esp32PinMap.OnboardLedGpio);

    public Task CutLinkAsync() => _emulator.DropLinkAsync(stayAway: true);

    public Task RestoreLinkAsync()
    {
        _emulator.ComeBack();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _board.Dispose();
        await _emulator.DisposeAsync();
    }
}
