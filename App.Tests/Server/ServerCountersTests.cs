using System.Net.WebSockets;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class ServerCountersTests
{
    [Fact]
    public async Task Connection_messages_and_close_are_each_counted_once_where_they_happen()
    {
        await using TestServer server = TestServer.Start();
        using (ClientWebSocket client = await ClientMessages.ConnectAsync(server.WebSocketUri))
        {
            Assert.True(await TestTimeout.Until(() => server.Server.Counters.ConnectionsOpen == 1));
            await ClientMessages.SendTextAsync(client, "hello");
            Assert.Equal("hello", await ClientMessages.ReceiveTextAsync(client));
            await ClientMessages.SendTextAsync(client, "ON");
            Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
            await ClientMessages.ReceiveTextAsync(client);

            await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "", TestTimeout.Token());
        }

        Assert.True(await TestTimeout.Until(() => server.Server.Counters.ConnectionsOpen == 0));
        var counters = server.Server.Counters;
        Assert.Equal(1, counters.ConnectionsAccepted);
        Assert.Equal(2, counters.MessagesIn);
        Assert.Equal(7, counters.BytesIn);

        // Two echoes and the LED state the ON caused.
        Assert.Equal(3, counters.MessagesOut);
        Assert.Equal(1, counters.CloseReceived("1000"));
        Assert.Equal(1, counters.CloseSent("1000"));
        Assert.Equal(0, counters.DroppedTooSlow);
    }

    [Fact]
    public async Task Refused_handshake_and_unknown_page_are_counted_by_status()
    {
        await using TestServer server = TestServer.Start();

        HttpExchange missing = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("GET", "/nope"));
        HttpExchange oldVersion = await HttpExchange.SendAsync(server.EndPoint,
            RawClient.UpgradeRequest(server.EndPoint.Port).Replace("Version: 13", "Version: 8", StringComparison.Ordinal));

        Assert.Equal(404, missing.Status);
        Assert.Equal(426, oldVersion.Status);
        Assert.True(await TestTimeout.Until(() => server.Server.Counters.Refused(404) == 1 && server.Server.Counters.Refused(426) == 1));
        Assert.Equal(0, server.Server.Counters.ConnectionsAccepted);
    }
}
