using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

/// <summary>Ping and pong as the client drives them; the server's own keepalive deadlines are pinned on a fake clock in <see cref="FakeClockDeadlineTests"/>.</summary>
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
}
