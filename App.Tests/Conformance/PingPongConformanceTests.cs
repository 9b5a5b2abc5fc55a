using System.Text;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 2, ping and pong (RFC 6455 §5.5.2-3).</summary>
public class PingPongConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    /// <summary>Accepts: a pong carrying the same payload, as the next frame.</summary>
    [Theory]
    [InlineData("2.1.1", 0)]
    [InlineData("2.1.2", 1)]
    [InlineData("2.1.3", 2)]
    [InlineData("2.1.4", 16)]
    [InlineData("2.1.5", 64)]
    [InlineData("2.1.6", 124)]
    [InlineData("2.1.7", 125)]
    public Task Case_2_1_ping_is_answered_by_a_pong_with_its_payload(string id, int length) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] payload = Payloads.Text(length);
            await c.SendAsync(RawClient.Frame(Opcode.Ping, payload));
            await c.ExpectPongAsync(payload);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: the pong echoes a binary payload (every byte value, not UTF-8) unchanged.</summary>
    [Fact]
    public Task Case_2_2_1_ping_with_binary_payload_is_answered_unchanged() =>
        fixture.RunAsync("2.2.1", async c =>
        {
            byte[] payload = [0xFF, 0xFE, 0x00, 0xC0, 0x80, .. Payloads.Binary(120)];
            await c.SendAsync(RawClient.Frame(Opcode.Ping, payload));
            await c.ExpectPongAsync(payload);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: one pong per ping, for every payload length 0-125 in turn, on one connection.</summary>
    [Fact]
    public Task Case_2_3_1_every_ping_length_from_0_to_125_is_answered() =>
        fixture.RunAsync("2.3.1", async c =>
        {
            for (int length = 0; length <= 125; length++)
            {
                byte[] payload = Payloads.Binary(length);
                await c.SendAsync(RawClient.Frame(Opcode.Ping, payload));
                await c.ExpectPongAsync(payload);
            }

            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: failed with 1002 (RFC 6455 §5.5: control payloads are at most 125 bytes), and no pong.</summary>
    [Theory]
    [InlineData("2.4.1", Opcode.Ping, 126)]
    [InlineData("2.4.2", Opcode.Ping, 65_535)]
    [InlineData("2.4.3", Opcode.Ping, 65_536)]
    [InlineData("2.4.4", Opcode.Pong, 126)]
    public Task Case_2_4_control_frame_over_125_bytes_fails_with_1002(string id, Opcode opcode, int length) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAfterViolationAsync(RawClient.Frame(opcode, Payloads.Binary(length)));
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: the pong, though the ping arrived one byte per TCP write.</summary>
    [Fact]
    public Task Case_2_5_1_ping_sent_byte_by_byte_is_answered() =>
        fixture.RunAsync("2.5.1", async c =>
        {
            byte[] payload = Payloads.Text(125);
            await c.SendByteByByteAsync(RawClient.Frame(Opcode.Ping, payload));
            await c.ExpectPongAsync(payload);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: nothing sent back for an unsolicited pong (RFC 6455 §5.5.3 allows it; no response is expected).</summary>
    [Theory]
    [InlineData("2.6.1", 0)]
    [InlineData("2.6.2", 125)]
    public Task Case_2_6_unsolicited_pong_is_ignored(string id, int length) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAsync(RawClient.Frame(Opcode.Pong, Payloads.Text(length)));
            await c.ExpectStillOpenAsync();
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: only the ping is answered; the unsolicited pong before it produces nothing.</summary>
    [Fact]
    public Task Case_2_7_1_unsolicited_pong_then_ping_gets_exactly_one_pong() =>
        fixture.RunAsync("2.7.1", async c =>
        {
            await c.SendAsync(RawClient.Frame(Opcode.Pong, "unsolicited"u8), RawClient.Frame(Opcode.Ping, "asked"u8));
            await c.ExpectPongAsync("asked"u8.ToArray());
            await c.ExpectStillOpenAsync();
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: ten pongs, in the order of the ten pings (RFC 6455 §5.5.3 allows answering only the last; this server answers each, as docs/protocol.md says).</summary>
    [Theory]
    [InlineData("2.8.1", 0)]
    [InlineData("2.8.2", 1)]
    public Task Case_2_8_ten_pings_in_a_row_get_ten_pongs_in_order(string id, int chop) =>
        fixture.RunAsync(id, async c =>
        {
            byte[][] pings = Enumerable.Range(0, 10).Select(i => RawClient.Frame(Opcode.Ping, Encoding.ASCII.GetBytes($"ping {i}"))).ToArray();
            byte[] all = pings.SelectMany(p => p).ToArray();
            await (chop == 0 ? c.SendAsync(all) : c.Raw.SendChoppedAsync(all, chop));
            for (int i = 0; i < 10; i++)
            {
                await c.ExpectPongAsync(Encoding.ASCII.GetBytes($"ping {i}"));
            }

            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: the pong at once, then the whole message when its last fragment comes (RFC 6455 §5.4: control frames may be injected).</summary>
    [Fact]
    public Task Case_2_9_1_ping_between_fragments_is_answered_before_the_message_ends() =>
        fixture.RunAsync("2.9.1", async c =>
        {
            await c.SendAsync(RawClient.Frame(Opcode.Text, "frag"u8, fin: false), RawClient.Frame(Opcode.Ping, "between"u8));
            await c.ExpectPongAsync("between"u8.ToArray());
            await c.SendAsync(RawClient.Frame(Opcode.Continuation, "ment"u8));
            await c.ExpectTextAsync("fragment");
            await c.CloseAsync(1000);
        });
}
