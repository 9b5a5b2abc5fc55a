using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards;

public class Esp32LinkParseTests
{
    [Theory]
    [InlineData("serial:/dev/ttyUSB0@115200", Esp32LinkKind.Serial, "/dev/ttyUSB0", 115200, "serial:/dev/ttyUSB0@115200")]
    [InlineData("serial:/dev/ttyACM0", Esp32LinkKind.Serial, "/dev/ttyACM0", 115200, "serial:/dev/ttyACM0@115200")]
    [InlineData("SERIAL:COM3@921600", Esp32LinkKind.Serial, "COM3", 921600, "serial:COM3@921600")]
    [InlineData("tcp:192.168.4.1:27016", Esp32LinkKind.Tcp, "192.168.4.1", 27016, "tcp:192.168.4.1:27016")]
    [InlineData("tcp:esp32.local", Esp32LinkKind.Tcp, "esp32.local", 27016, "tcp:esp32.local:27016")]
    [InlineData(" tcp:[fe80::1]:3030 ", Esp32LinkKind.Tcp, "fe80::1", 3030, "tcp:[fe80::1]:3030")]
    public void A_link_is_read_with_its_defaults_and_written_back_in_full(string text, Esp32LinkKind kind, string target, int number, string canonical)
    {
        Esp32Link link = Esp32Link.Parse(text);

        Assert.Equal((kind, target, number), (link.Kind, link.Target, link.Number));
        Assert.Equal(canonical, link.ToString());
    }

    [Theory]
    [InlineData("", "must start with serial: or tcp:")]
    [InlineData("usb:/dev/ttyUSB0", "must start with serial: or tcp:")]
    [InlineData("serial:", "serial port's name is missing")]
    [InlineData("serial:/dev/ttyUSB0@0", "baud rate")]
    [InlineData("tcp:", "host is missing")]
    [InlineData("tcp:host:0", "TCP port")]
    [InlineData("tcp:[fe80::1", "IPv6 host must be written in brackets")]
    public void A_bad_link_says_what_is_wrong(string text, string problem)
    {
        Assert.False(Esp32Link.TryParse(text, out _, out string? reason));
        Assert.Contains(problem, reason, StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => Esp32Link.Parse(text));
        Assert.Contains(Esp32Link.Formats, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_kind_of_link_makes_its_transport()
    {
        IFirmataTransport serial = Esp32Link.Parse("serial:/dev/ttyUSB0").CreateTransport();
        IFirmataTransport tcp = Esp32Link.Parse("tcp:192.168.4.1").CreateTransport();

        Assert.Equal(("serial:/dev/ttyUSB0@115200", true, false), (serial.Description, serial.UsesSerialConsole, serial.HasFlowControl));
        Assert.Equal(("tcp:192.168.4.1:27016", false, true), (tcp.Description, tcp.UsesSerialConsole, tcp.HasFlowControl));
    }

    [Fact]
    public async Task A_serial_port_that_does_not_exist_fails_with_an_IOException_saying_so()
    {
        var serial = new SerialFirmataTransport("/dev/ttyEspWsMissing", 115200);

        var error = await Assert.ThrowsAsync<IOException>(() => serial.OpenAsync(CancellationToken.None));

        Assert.Contains("/dev/ttyEspWsMissing", error.Message, StringComparison.Ordinal);
        Assert.Contains("no such port", error.Message, StringComparison.Ordinal);
    }
}
