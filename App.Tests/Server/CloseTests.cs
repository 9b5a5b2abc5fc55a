using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class CloseTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1011)]
    [InlineData(3000)]
    [InlineData(4999)]
    public async Task Valid_close_is_answered_with_the_same_code_and_the_server_closes_tcp(ushort code)
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        await client.SendCloseAsync(code, "bye");

        RawFrame? close = await client.ReadFrameAsync();
        Assert.Equal(Opcode.Close, close!.Opcode);
        Assert.Equal(code, close.CloseCode);
        Assert.True(await client.ServerClosesTcpAsync());
        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Fact]
    public async Task Empty_close_is_answered_with_an_empty_close()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        await client.SendFrameAsync(Opcode.Close, []);

        RawFrame? close = await client.ReadFrameAsync();
        Assert.Equal(Opcode.Close, close!.Opcode);
        Assert.Empty(close.Payload);
    }

    [Fact]
    public async Task Data_after_close_is_not_echoed()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        await client.SendAsync([.. RawClient.Frame(Opcode.Close, [0x03, 0xE8]), .. RawClient.Frame(Opcode.Text, "late"u8)]);

        Assert.Equal(Opcode.Close, (await client.ReadFrameAsync())!.Opcode);
        Assert.Null(await client.ReadFrameAsync());
    }

    [Fact]
    public async Task Client_websocket_close_handshake_completes_normally()
    {
        await using TestServer server = TestServer.Start();
        using var client = await ClientMessages.ConnectAsync(server.WebSocketUri);

        await client.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", TestTimeout.Token());

        Assert.Equal(System.Net.WebSockets.WebSocketState.Closed, client.State);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.True(await server.AllSlotsFreeAsync());
    }
}
