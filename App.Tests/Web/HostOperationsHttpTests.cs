using System.Net.WebSockets;
using EspWs.App.Tests.Support;
using EspWs.Hardware;

namespace EspWs.App.Tests.Web;

/// <summary>/healthz and /metrics as a host serves them over its real socket, reading the real board and server.</summary>
public class HostOperationsHttpTests
{
    [Fact]
    public async Task Healthz_follows_the_board_link_from_503_to_200()
    {
        await using TestServer server = TestServer.Start();
        IWiFiNetworkAdapter wifi = server.Board.NetworkAdapters.Primary<IWiFiNetworkAdapter>()!;

        await wifi.DisconnectAsync(TestTimeout.Token());
        HttpExchange down = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("GET", "/healthz"));
        await wifi.ConnectAsync("lab", "", TestTimeout.Default, TestTimeout.Token());
        HttpExchange up = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("GET", "/healthz"));

        Assert.Equal(503, down.Status);
        Assert.Equal("down: the board's link is down\n", down.BodyText);
        Assert.Equal(200, up.Status);
        Assert.Equal("up\n", up.BodyText);
    }

    [Fact]
    public async Task Metrics_show_a_connected_client_and_the_led_it_lit()
    {
        await using TestServer server = TestServer.Start();
        using ClientWebSocket client = await ClientMessages.ConnectAsync(server.WebSocketUri);
        await ClientMessages.SendTextAsync(client, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        Assert.Contains("\"on\":true", await ClientMessages.ReceiveTextAsync(client));
        // Clients hear of a change before the controller's Changed reaches the tally: wait for the drain to finish.
        Assert.True(await server.Host.Controller.WhenAppliedAsync(TestTimeout.Default));

        HttpExchange metrics = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("GET", "/metrics"));

        Assert.Equal(200, metrics.Status);
        string[] lines = metrics.BodyText.Split('\n');
        Assert.Contains("espws_connections 1", lines);
        Assert.Contains("espws_led_on 1", lines);
        Assert.Contains("espws_led_changes_total{source=\"websocket\"} 1", lines);
    }
}
