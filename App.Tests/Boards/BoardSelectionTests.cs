using System.Net.WebSockets;
using EspWs.App.Boards;
using EspWs.App.Configuration;
using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using EspWs.Hardware.Boards;
using EspWs.Hardware.Boards.Esp32;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Boards;

public class BoardSelectionTests
{
    [Fact]
    public void The_catalog_knows_the_three_boards()
    {
        Assert.Equal(["simulated", "esp32", "linux-gpio"], BoardCatalog.Names);
    }

    [Fact]
    public void An_unknown_board_name_is_an_error_listing_the_known_ones()
    {
        ConfigurationLoadResult result = AppConfigurationLoader.Load(["--Board:Name=esp8266"], BoardCatalog.Names);

        Assert.Equal("Board:Name = 'esp8266' is not a known board: simulated, esp32, linux-gpio.", result.Error);
    }

    [Fact]
    public void Board_name_is_matched_without_regard_to_case()
    {
        EspWsSettings settings = Load("--Board:Name=SIMULATED");

        using IBoard board = BoardCatalog.Create(settings.Board, NullLoggerFactory.Instance, TimeProvider.System);

        Assert.IsType<SimulatedBoard>(board);
    }

    [Fact]
    public async Task Simulated_board_joins_wifi_after_the_configured_join_delay()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        EspWsSettings settings = Load("--Board:Simulated:WiFiJoinDelay=5s");
        using IBoard board = BoardCatalog.Create(settings.Board, NullLoggerFactory.Instance, time);
        IWiFiNetworkAdapter wifi = Assert.IsAssignableFrom<IWiFiNetworkAdapter>(board.NetworkAdapters.Primary<IWiFiNetworkAdapter>());

        Task joining = wifi.ConnectAsync("EspWs-Lab", "", TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(joining.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await joining.WaitAsync(TestTimeout.Default);

        Assert.True(wifi.IsConnected);
    }

    [Fact]
    public async Task Esp32_chosen_by_config_alone_drives_gpio2_of_a_chip_on_tcp_when_a_client_sends_on()
    {
        await using var chip = new FirmataTcpServer();
        EspWsSettings settings = Load("--Board:Name=esp32", $"--Board:Esp32:Link={chip.Link}", "--Server:BindAddress=127.0.0.1",
            "--Server:Port=0", "--WiFi:MaxAttempts=1");
        using IBoard board = BoardCatalog.Create(settings.Board, NullLoggerFactory.Instance, TimeProvider.System);
        await using AppHost host = await AppHost.StartAsync(board, settings);
        using ClientWebSocket client = await ClientMessages.ConnectAsync(host.WebSocketUri);

        await ClientMessages.SendTextAsync(client, "ON");

        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        Assert.Equal("""{"type":"led","on":true,"brightness":100,"seq":1}""", await ClientMessages.ReceiveTextAsync(client));
        // GPIO2 can dim, so the LED is a PWM output: on is a duty cycle above zero.
        Assert.True(await TestTimeout.Until(() => chip.Chip.PwmValue(2) > 0));
        Assert.IsType<Esp32Board>(board);
    }

    [Theory]
    [InlineData("D06", "flash")]
    [InlineData("D34", "input-only")]
    public async Task A_forbidden_led_pin_fails_the_app_at_start_naming_the_pin_and_why(string pin, string why)
    {
        await using var chip = new FirmataTcpServer();
        EspWsSettings settings = Load("--Board:Name=esp32", $"--Board:Esp32:Link={chip.Link}", $"--Led:Pin={pin}");
        using IBoard board = BoardCatalog.Create(settings.Board, NullLoggerFactory.Instance, TimeProvider.System);

        var error = await Assert.ThrowsAsync<BoardUnavailableException>(() => AppHost.StartAsync(board, settings));

        Assert.Contains("Led:Pin", error.Message, StringComparison.Ordinal);
        Assert.Contains(pin, error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Linux_gpio_without_a_gpio_chip_fails_with_one_line_naming_the_problem_and_the_keys()
    {
        EspWsSettings settings = Load("--Board:Name=linux-gpio", "--Board:LinuxGpio:Chip=999");

        var error = Assert.Throws<BoardUnavailableException>(() => BoardCatalog.Create(settings.Board, NullLoggerFactory.Instance, TimeProvider.System));

        Assert.StartsWith("board 'linux-gpio' cannot start: this machine has no GPIO chip 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("Board:LinuxGpio:Chip", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static EspWsSettings Load(params string[] args)
    {
        ConfigurationLoadResult result = AppConfigurationLoader.Load(args, BoardCatalog.Names);
        Assert.Null(result.Error);
        return result.Settings!;
    }
}
