using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.AppProcess;

/// <summary>The app as a user runs it: its own process, its log, its signals and its exit code.</summary>
public class AppLifecycleTests
{
    private static readonly string[] Loopback = ["--Server:BindAddress=127.0.0.1", "--Server:Port=0"];

    [Theory]
    [InlineData(15, "SIGTERM")]
    [InlineData(2, "SIGINT")]
    public async Task Signal_closes_clients_with_1001_leaves_the_led_off_and_exits_0(int signal, string name)
    {
        await using var app = Support.AppProcess.Start(Loopback);
        int port = await app.WaitForPortAsync();
        using ClientWebSocket client = await ClientMessages.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));
        await ClientMessages.SendTextAsync(client, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        using (JsonDocument state = JsonDocument.Parse(await ClientMessages.ReceiveTextAsync(client)))
        {
            Assert.True(state.RootElement.GetProperty("on").GetBoolean());
        }

        app.Signal(signal);

        WebSocketReceiveResult closing = await client.ReceiveAsync(new byte[64], TestTimeout.Token());
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, closing.CloseStatus);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", TestTimeout.Token());
        await app.WaitForExitAsync();
        Assert.Equal(0, app.ExitCode);
        Assert.Contains($"{name} received", app.Output);
        Assert.Contains("LED ON at 100% by On from WebSocket", app.Output);
        Assert.Contains("LED left OFF", app.Output);
    }

    [Fact]
    public async Task App_logs_its_urls_and_serves_the_page()
    {
        await using var app = Support.AppProcess.Start(Loopback);
        int port = await app.WaitForPortAsync();
        using var http = new HttpClient { Timeout = TestTimeout.Default };

        string page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"));

        Assert.Contains("<html", page);
        Assert.Contains($"http://127.0.0.1:{port}/", app.Output);
    }

    [Theory]
    [InlineData("--Server:Port=70000", "Server:Port")]
    [InlineData("--Board:Name=esp8266", "Board:Name")]
    [InlineData("--Server:MaxClients=-1", "Server:MaxClients")]
    [InlineData("--Server:HandshakeTimeout=soon", "Server:HandshakeTimeout")]
    [InlineData("--Led:PowerOnState=Sometimes", "Led:PowerOnState")]
    public async Task Bad_value_exits_non_zero_with_one_line_naming_the_key(string argument, string key)
    {
        await using var app = Support.AppProcess.Start(argument);

        await app.WaitForExitAsync();

        Assert.NotEqual(0, app.ExitCode);
        string[] lines = app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string line = Assert.Single(lines);
        Assert.Contains(key, line);
        Assert.DoesNotContain("   at ", app.Output);
    }

    [Fact]
    public async Task Unknown_key_is_reported_as_a_warning_naming_it()
    {
        await using var app = Support.AppProcess.Start([.. Loopback, "--Server:Prot=9999"]);

        await app.WaitForPortAsync();

        Assert.Contains("Server:Prot", app.Output);
        Assert.Contains("warn", app.Output);
    }

    [Fact]
    public async Task State_diagram_command_prints_the_generated_document()
    {
        await using var app = Support.AppProcess.Start("--state-diagram");

        await app.WaitForExitAsync();

        Assert.Equal(0, app.ExitCode);
        Assert.Contains("stateDiagram-v2", app.Output);
    }
}
