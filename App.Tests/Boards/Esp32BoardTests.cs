using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards;

public class Esp32BoardTests
{
    [Fact]
    public async Task Connect_completes_the_firmata_handshake_and_reports_the_chips_address()
    {
        await using Esp32Rig rig = Esp32Rig.Create();

        await rig.ConnectAsync();

        Assert.True(rig.Board.Link.IsConnected);
        Assert.Equal(FirmataDeviceEmulator.ChipAddress, rig.Board.Link.IpAddress);
        Assert.Equal(1, rig.Emulator.LinksOpened);
    }

    [Fact]
    public async Task Onboard_led_port_drives_gpio2_as_an_output()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        await rig.ConnectAsync();

        using IDigitalOutputPort port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.OnboardLed);
        port.State = true;

        Assert.True(await TestTimeout.Until(() => rig.Chip.Level(2)));
        Assert.Equal(FirmataChip.Output, rig.Chip.Mode(2));
    }
}
