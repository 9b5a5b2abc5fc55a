using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

/// <summary>Each violation of RFC 6455 fails only the offending connection, with its close code, and never changes the LED.</summary>
public class ProtocolErrorTests
{
    public static TheoryData<string, byte[][], ushort> Violations => new()
    {
        { "unmasked frame", [RawClient.Frame(Opcode.Text, "ON"u8, masked: false)], 1002 },
        { "RSV1 set", [RawClient.Frame(Opcode.Text, "ON"u8, rsv: 4)], 1002 },
        { "RSV2 set", [RawClient.Frame(Opcode.Text, "ON"u8, rsv: 2)], 1002 },
        { "RSV3 set", [RawClient.Frame(Opcode.Text, "ON"u8, rsv: 1)], 1002 },
        { "reserved opcode 3", [RawClient.Frame((Opcode)3, "ON"u8)], 1002 },
        { "reserved opcode 0xB", [RawClient.Frame((Opcode)0xB, "ON"u8)], 1002 },
        { "ping of 126 bytes", [RawClient.Frame(Opcode.Ping, new byte[126])], 1002 },
        { "fragmented ping", [RawClient.Frame(Opcode.Ping, "x"u8, fin: false)], 1002 },
        { "continuation with no message", [RawClient.Frame(Opcode.Continuation, "ON"u8)], 1002 },
        { "text inside an open message", [RawClient.Frame(Opcode.Text, "O"u8, fin: false), RawClient.Frame(Opcode.Text, "N"u8)], 1002 },
        { "invalid UTF-8", [RawClient.Frame(Opcode.Text, [0x4F, 0xC0, 0x80])], 1007 },
        { "UTF-8 cut at message end", [RawClient.Frame(Opcode.Text, [0xE2, 0x82], fin: false), RawClient.Frame(Opcode.Continuation, [])], 1007 },
        { "surrogate in UTF-8", [RawClient.Frame(Opcode.Text, [0xED, 0xA0, 0x80])], 1007 },
        { "close with 1 byte", [RawClient.Frame(Opcode.Close, [0x03])], 1002 },
        { "close code 1005", [RawClient.Frame(Opcode.Close, [0x03, 0xED])], 1002 },
        { "close code 999", [RawClient.Frame(Opcode.Close, [0x03, 0xE7])], 1002 },
        { "close code 5000", [RawClient.Frame(Opcode.Close, [0x13, 0x88])], 1002 },
        { "close reason not UTF-8", [RawClient.Frame(Opcode.Close, [0x03, 0xE8, 0xFF])], 1007 },
        { "message over MaxMessageBytes", [RawClient.Frame(Opcode.Binary, new byte[1025])], 1009 },
        { "fragments over MaxMessageBytes", [RawClient.Frame(Opcode.Binary, new byte[600], fin: false), RawClient.Frame(Opcode.Continuation, new byte[600])], 1009 },
        { "length with the top bit set", [[0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]], 1002 },
        { "announced 2^63-1 bytes", [[0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4]], 1009 },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task Violation_is_failed_with_its_close_code_and_leaves_the_led_and_other_clients_alone(string name, byte[][] frames, ushort expectedCode)
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxMessageBytes = 1024 });
        await using RawClient bystander = await RawClient.OpenAsync(server.EndPoint);
        await using RawClient offender = await RawClient.OpenAsync(server.EndPoint);

        foreach (byte[] frame in frames)
        {
            await offender.SendAsync(frame);
        }

        RawFrame? close = await offender.ReadUntilCloseAsync();
        Assert.True(close is not null, $"{name}: no close frame");
        Assert.Equal(expectedCode, close.CloseCode);
        await offender.SendCloseAsync(expectedCode);
        Assert.True(await offender.ServerClosesTcpAsync(), $"{name}: TCP left open");

        Assert.False(server.Led.IsOn);
        await bystander.SendTextAsync("still here");
        Assert.Equal("still here", (await bystander.ReadFrameAsync())!.Text);
    }

    [Fact]
    public async Task Failed_connection_returns_its_slot_to_waiting_for_client()
    {
        await using TestServer server = TestServer.Start();
        await using (RawClient offender = await RawClient.OpenAsync(server.EndPoint))
        {
            await offender.SendFrameAsync(Opcode.Text, "x"u8.ToArray(), masked: false);
            Assert.Equal(1002, (await offender.ReadUntilCloseAsync())!.CloseCode);
        }

        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Fact]
    public async Task Invalid_utf8_fails_fast_before_the_message_ends()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);

        // The first fragment is already invalid; the message never finishes, yet the server must fail it now.
        await client.SendFrameAsync(Opcode.Text, [0x61, 0xF5], fin: false);

        Assert.Equal(1007, (await client.ReadUntilCloseAsync())!.CloseCode);
    }
}
