using System.Diagnostics;
using System.Net.WebSockets;
using EspWs.App.Boards;
using EspWs.App.Configuration;
using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Esp32;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Boards;

/// <summary>A chip reset with its link open, through the real app: clients are told, and the LED is put back as last told.</summary>
public class Esp32ChipResetAppTests(ITestOutputHelper output)
{
    private const string Lost = """{"type":"board","link":"lost"}""";
    private const string Up = """{"type":"board","link":"up"}""";
    private const string LedOn = """{"type":"led","on":true,"brightness":100,"seq":1}""";
    private static readonly TimeSpan ReconnectInterval = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_reset_with_the_serial_port_open_is_told_to_clients_and_the_led_is_back_within_the_reconnect_interval_and_a_second()
    {
        await using var emulator = new FirmataDeviceEmulator();
        using var log = new CapturingLoggerFactory();
        var options = new Esp32BoardOptions { ReconnectInterval = ReconnectInterval, HealthInterval = TimeSpan.Zero };
        using var board = new Esp32Board(new SerialLikeTransport(emulator.Transport), options, log);
        await using (AppHost host = await AppHost.StartAsync(board, loggers: log))
        {
            using ClientWebSocket client = await SwitchOnAsync(host);
            var clock = Stopwatch.StartNew();

            await emulator.RestartChipAsync();

            await ExpectLostThenUpAsync(client);
            Assert.True(await TestTimeout.Until(() => emulator.Chip.PwmValue(2) > 0), string.Join(Environment.NewLine, log.Lines));
            TimeSpan back = clock.Elapsed;
            output.WriteLine($"LED back {back.TotalMilliseconds:F0} ms after the reset (Board:Esp32:ReconnectInterval {ReconnectInterval.TotalMilliseconds:F0} ms).");
            Assert.True(back < ReconnectInterval + TimeSpan.FromSeconds(1), $"The LED was back after {back}.");
            await ClientMessages.SendTextAsync(client, "STATUS");
            Assert.Equal("STATUS", await ClientMessages.ReceiveTextAsync(client));
            Assert.Equal(LedOn, await ClientMessages.ReceiveTextAsync(client));
        }

        Assert.Contains(log.Lines, line => line.Message.Contains("joined; address none.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reset_over_tcp_with_the_connection_left_open_is_told_and_repaired_the_same_way()
    {
        await using var chip = new FirmataTcpServer();
        ConfigurationLoadResult loaded = AppConfigurationLoader.Load(
            ["--Board:Name=esp32", $"--Board:Esp32:Link={chip.Link}", "--Board:Esp32:ReconnectInterval=00:00:00.2",
             "--Server:BindAddress=127.0.0.1", "--Server:Port=0", "--WiFi:MaxAttempts=1"],
            BoardCatalog.Names);
        Assert.Null(loaded.Error);
        using IBoard board = BoardCatalog.Create(loaded.Settings!.Board, NullLoggerFactory.Instance, TimeProvider.System);
        await using AppHost host = await AppHost.StartAsync(board, loaded.Settings);
        using ClientWebSocket client = await SwitchOnAsync(host);
        Assert.True(await TestTimeout.Until(() => chip.Chip.PwmValue(2) > 0));

        await chip.RestartChipAsync();

        await ExpectLostThenUpAsync(client);
        Assert.True(await TestTimeout.Until(() => chip.Chip.PwmValue(2) > 0));
    }

    private static async Task<ClientWebSocket> SwitchOnAsync(AppHost host)
    {
        ClientWebSocket client = await ClientMessages.ConnectAsync(host.WebSocketUri);
        await ClientMessages.SendTextAsync(client, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        Assert.Equal(LedOn, await ClientMessages.ReceiveTextAsync(client));
        return client;
    }

    private static async Task ExpectLostThenUpAsync(ClientWebSocket client)
    {
        Assert.Equal(Lost, await ClientMessages.ReceiveTextAsync(client));
        Assert.Equal(Up, await ClientMessages.ReceiveTextAsync(client));
        Assert.Equal(LedOn, await ClientMessages.ReceiveTextAsync(client));
    }
}
