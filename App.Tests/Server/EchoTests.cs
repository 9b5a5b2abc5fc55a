using System.Net.WebSockets;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class EchoTests
{
    public static TheoryData<int> Sizes => new() { 0, 1, 125, 126, 65_535, 65_536, 1024 * 1024 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Text_message_is_echoed_unchanged(int size)
    {
        await using TestServer server = TestServer.Start();
        using var client = new ClientWebSocket();
        await client.ConnectAsync(server.WebSocketUri, TestTimeout.Token());
        byte[] sent = new byte[size];
        for (int i = 0; i < size; i++)
        {
            sent[i] = (byte)('a' + (i % 26));
        }

        await client.SendAsync(sent, WebSocketMessageType.Text, true, TestTimeout.Token());
        (WebSocketMessageType type, byte[] received) = await ClientMessages.ReceiveAsync(client);

        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal(sent, received);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Binary_message_is_echoed_unchanged(int size)
    {
        await using TestServer server = TestServer.Start();
        using var client = new ClientWebSocket();
        await client.ConnectAsync(server.WebSocketUri, TestTimeout.Token());
        byte[] sent = new byte[size];
        new Random(size).NextBytes(sent);

        await client.SendAsync(sent, WebSocketMessageType.Binary, true, TestTimeout.Token());
        (WebSocketMessageType type, byte[] received) = await ClientMessages.ReceiveAsync(client);

        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task Fragmented_message_with_ping_between_fragments_is_echoed_whole_after_the_pong()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        await client.SendFrameAsync(Opcode.Text, "Hello, "u8.ToArray(), fin: false);
        await client.SendFrameAsync(Opcode.Ping, "mid"u8.ToArray());
        await client.SendFrameAsync(Opcode.Continuation, "wor"u8.ToArray(), fin: false);
        await client.SendFrameAsync(Opcode.Continuation, "ld"u8.ToArray(), fin: true);

        RawFrame? pong = await client.ReadFrameAsync();
        RawFrame? echo = await client.ReadFrameAsync();
        Assert.Equal(Opcode.Pong, pong!.Opcode);
        Assert.Equal("mid", pong.Text);
        Assert.Equal(Opcode.Text, echo!.Opcode);
        Assert.True(echo.Fin);
        Assert.False(echo.Masked);
        Assert.Equal("Hello, world", echo.Text);
    }

    [Fact]
    public async Task Frame_sent_in_the_same_packet_as_the_request_is_not_lost()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);
        byte[] request = System.Text.Encoding.ASCII.GetBytes(RawClient.UpgradeRequest(server.EndPoint.Port));
        byte[] frame = RawClient.Frame(Opcode.Text, "early"u8);

        await client.SendAsync([.. request, .. frame]);

        Assert.StartsWith("HTTP/1.1 101", await client.ReadHttpHeadAsync());
        Assert.Equal("early", (await client.ReadFrameAsync())!.Text);
    }

    [Fact]
    public async Task Frame_written_one_byte_at_a_time_is_echoed()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);
        byte[] frame = RawClient.Frame(Opcode.Binary, new byte[300]);

        foreach (byte b in frame)
        {
            await client.SendAsync([b]);
        }

        RawFrame? echo = await client.ReadFrameAsync();
        Assert.Equal(300, echo!.Payload.Length);
    }

    [Fact]
    public async Task Ten_thousand_small_messages_in_a_row_are_all_echoed_in_order()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);
        const int count = 10_000;

        Task send = Task.Run(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                await client.SendTextAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), (await client.ReadFrameAsync())!.Text);
        }

        await send;
    }
}
