using System.Net.WebSockets;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class ShutdownTests
{
    [Fact]
    public async Task Stop_closes_every_client_with_1001_going_away()
    {
        TestServer server = TestServer.Start();
        using ClientWebSocket first = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket second = await ClientMessages.ConnectAsync(server.WebSocketUri);
        Task<WebSocketReceiveResult> firstClose = first.ReceiveAsync(new byte[16], TestTimeout.Token());
        Task<WebSocketReceiveResult> secondClose = second.ReceiveAsync(new byte[16], TestTimeout.Token());
        Assert.True(await TestTimeout.Until(() => server.Server.ConnectedCount == 2));

        Task stopped = server.DisposeAsync().AsTask();

        foreach (var (client, receive) in new[] { (first, firstClose), (second, secondClose) })
        {
            WebSocketReceiveResult result = await receive;
            Assert.Equal(WebSocketMessageType.Close, result.MessageType);
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, result.CloseStatus);
            await client.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "", TestTimeout.Token());
        }

        await stopped.WaitAsync(TestTimeout.Default);
    }

    [Fact]
    public async Task Stop_refuses_new_connections()
    {
        TestServer server = TestServer.Start();
        var endPoint = server.EndPoint;
        await server.DisposeAsync();

        using var client = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<WebSocketException>(() => client.ConnectAsync(new Uri($"ws://127.0.0.1:{endPoint.Port}/"), TestTimeout.Token()));
    }
}
