using System.Net.WebSockets;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class SlotLimitTests
{
    [Fact]
    public async Task Client_beyond_max_clients_gets_503_with_retry_after_at_once()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = 2 });
        using ClientWebSocket first = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket second = await ClientMessages.ConnectAsync(server.WebSocketUri);
        await using RawClient third = await RawClient.ConnectAsync(server.EndPoint);

        await third.SendAsync(RawClient.UpgradeRequest(server.EndPoint.Port));
        string response = await third.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 503 ", response);
        Assert.Contains("Retry-After: ", response);
    }

    [Fact]
    public async Task Slot_freed_by_a_leaving_client_serves_the_next_one()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = 1 });
        using (ClientWebSocket first = await ClientMessages.ConnectAsync(server.WebSocketUri))
        {
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "", TestTimeout.Token());
        }

        Assert.True(await server.AllSlotsFreeAsync());
        using ClientWebSocket next = await ClientMessages.ConnectAsync(server.WebSocketUri);
        await ClientMessages.SendTextAsync(next, "hi");
        Assert.Equal("hi", await ClientMessages.ReceiveTextAsync(next));
    }
}
