using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class KeepaliveTests
{
    [Fact]
    public async Task Ping_is_answered_with_a_pong_carrying_the_same_payload()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        await client.SendFrameAsync(Opcode.Ping, new byte[125]);

        RawFrame? pong = await client.ReadFrameAsync();
        Assert.Equal(Opcode.Pong, pong!.Opcode);
        Assert.Equal(new byte[125], pong.Payload);
    }

    [Fact]
    public async Task Unsolicited_pong_is_ignored()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        await client.SendFrameAsync(Opcode.Pong, "nobody asked"u8.ToArray());
        await client.SendTextAsync("after");

        Assert.Equal("after", (await client.ReadFrameAsync())!.Text);
    }

    [Fact]
    public async Task Silent_client_is_pinged_and_answering_keeps_it_connected()
    {
        var options = TestServer.DefaultOptions with { PingInterval = TimeSpan.FromMilliseconds(200), PongTimeout = TimeSpan.FromMilliseconds(300) };
        await using TestServer server = TestServer.Start(options);
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        for (int i = 0; i < 2; i++)
        {
            RawFrame? ping = await client.ReadFrameAsync();
            Assert.Equal(Opcode.Ping, ping!.Opcode);
            await client.SendFrameAsync(Opcode.Pong, ping.Payload);
        }

        await client.SendTextAsync("alive");
        Assert.Equal("alive", (await client.ReadFrameAsync())!.Text);
    }

    [Fact]
    public async Task Client_that_never_answers_the_ping_is_dropped_and_its_slot_freed()
    {
        var options = TestServer.DefaultOptions with { PingInterval = TimeSpan.FromMilliseconds(200), PongTimeout = TimeSpan.FromMilliseconds(200) };
        await using TestServer server = TestServer.Start(options);
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        Assert.Equal(Opcode.Ping, (await client.ReadFrameAsync())!.Opcode);

        Assert.True(await client.ServerClosesTcpAsync());
        Assert.True(await server.AllSlotsFreeAsync());
    }
}
