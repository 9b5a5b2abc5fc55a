using System.Text;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 7, the closing handshake (RFC 6455 §5.5.1, §7): what follows a close, payload shapes, reasons.</summary>
public class CloseConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    /// <summary>
    /// Accepts: whatever the client sent before its close answered, the close answered with 1000, then TCP closed with
    /// nothing more: no echo, no pong, no second close for what came after the close (RFC 6455 §5.5.1: after a close
    /// the peer sends no more data, so none is processed).
    /// </summary>
    [Theory]
    [InlineData("7.1.1", "nothing")]
    [InlineData("7.1.2", "close")]
    [InlineData("7.1.3", "ping")]
    [InlineData("7.1.4", "text")]
    [InlineData("7.1.5", "fragments")]
    [InlineData("7.1.6", "large")]
    public Task Case_7_1_nothing_after_a_close_is_answered(string id, string after) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] large = Payloads.Text(256 * 1024);
            byte[] close = RawClient.Frame(Opcode.Close, Payloads.Close(1000));
            switch (after)
            {
                case "fragments":
                    // A close between the fragments of a message: the message is abandoned, the close answered.
                    await c.SendAsync(RawClient.Frame(Opcode.Text, "frag"u8, fin: false), close, RawClient.Frame(Opcode.Continuation, "ment"u8));
                    break;
                case "large":
                    await c.SendAsync(RawClient.Frame(Opcode.Text, large), close, RawClient.Frame(Opcode.Ping, "late"u8));
                    await c.ExpectMessageAsync(Opcode.Text, large);
                    break;
                default:
                    byte[] late = after switch
                    {
                        "close" => close,
                        "ping" => RawClient.Frame(Opcode.Ping, "late"u8),
                        "text" => RawClient.Frame(Opcode.Text, "late"u8),
                        _ => [],
                    };
                    await c.SendAsync(RawClient.Frame(Opcode.Text, "before"u8), close, late);
                    await c.ExpectTextAsync("before");
                    break;
            }

            await c.ExpectCloseReplyAsync(1000);
        });

    /// <summary>Accepts: an empty close answered by an empty close (docs/protocol.md; Autobahn would also accept 1000), then TCP closed.</summary>
    [Fact]
    public Task Case_7_3_1_empty_close_is_answered_empty() =>
        fixture.RunAsync("7.3.1", async c =>
        {
            await c.SendAsync(RawClient.Frame(Opcode.Close, []));
            await c.ExpectCloseReplyAsync(1005);
        });

    /// <summary>Accepts: failed with 1002, for a close payload of 1 byte (RFC 6455 §5.5.1: a body starts with a 2-byte code).</summary>
    [Fact]
    public Task Case_7_3_2_close_of_one_byte_fails_with_1002() =>
        fixture.RunAsync("7.3.2", async c =>
        {
            await c.SendAfterViolationAsync(RawClient.Frame(Opcode.Close, [0x03]));
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: the close answered with the same code, whatever valid reason it carries, up to the 123 bytes that fit.</summary>
    [Theory]
    [InlineData("7.3.3", "")]
    [InlineData("7.3.4", "Hello World!")]
    [InlineData("7.3.5", "123 ASCII")]
    [InlineData("7.3.6", "123 UTF-8")]
    public Task Case_7_3_close_with_a_valid_reason_is_answered(string id, string reason) =>
        fixture.RunAsync(id, async c =>
        {
            string text = reason switch
            {
                "123 ASCII" => new string('r', 123),
                "123 UTF-8" => string.Concat(Enumerable.Repeat("€", 41)),
                _ => reason,
            };
            Assert.True(Encoding.UTF8.GetByteCount(text) <= 123);
            await c.SendAsync(RawClient.Frame(Opcode.Close, Payloads.Close(1000, Encoding.UTF8.GetBytes(text))));
            await c.ExpectCloseReplyAsync(1000);
        });

    /// <summary>Accepts: failed with 1002 for a reason of 124 bytes: the close payload is then 126 bytes, over the control limit.</summary>
    [Fact]
    public Task Case_7_3_7_close_reason_of_124_bytes_fails_with_1002() =>
        fixture.RunAsync("7.3.7", async c =>
        {
            await c.SendAfterViolationAsync(RawClient.Frame(Opcode.Close, Payloads.Close(1000, Payloads.Text(124))));
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: failed with 1007: a close reason that is not UTF-8 (RFC 6455 §7.1.6, §8.1).</summary>
    [Theory]
    [InlineData("7.5.1", Utf8Vectors.Kosme + " ED A0 80 65 64 69 74 65 64")]
    [InlineData("7.5.2", "80")]
    [InlineData("7.5.3", "61 E2 82")]
    [InlineData("7.5.4", "C0 AF")]
    [InlineData("7.5.5", "FF")]
    public Task Case_7_5_close_reason_not_utf8_fails_with_1007(string id, string reasonHex) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAfterViolationAsync(RawClient.Frame(Opcode.Close, Payloads.Close(1000, Payloads.Hex(reasonHex))));
            await c.ExpectFailedAsync(1007);
        });

    /// <summary>Accepts: the close answered with the same code (docs/protocol.md), then TCP closed.</summary>
    [Theory]
    [InlineData("7.7.1", 1000)]
    [InlineData("7.7.2", 1001)]
    [InlineData("7.7.3", 1002)]
    [InlineData("7.7.4", 1003)]
    [InlineData("7.7.5", 1007)]
    [InlineData("7.7.6", 1008)]
    [InlineData("7.7.7", 1009)]
    [InlineData("7.7.8", 1010)]
    [InlineData("7.7.9", 1011)]
    [InlineData("7.7.10", 1012)]
    [InlineData("7.7.11", 1013)]
    [InlineData("7.7.12", 1014)]
    [InlineData("7.7.13", 3000)]
    [InlineData("7.7.14", 3999)]
    [InlineData("7.7.15", 4000)]
    [InlineData("7.7.16", 4999)]
    public Task Case_7_7_valid_close_code_is_echoed(string id, int code) =>
        fixture.RunAsync(id, async c => await c.CloseAsync((ushort)code, "bye"));

    /// <summary>
    /// Accepts: failed with 1002, for a code RFC 6455 §7.4 does not let a peer send: unused (0, 999, 5000, 65535),
    /// reserved (1004, 1016, 1100, 2000, 2999) or never on the wire (1005, 1006, 1015).
    /// </summary>
    [Theory]
    [InlineData("7.9.1", 0)]
    [InlineData("7.9.2", 999)]
    [InlineData("7.9.3", 1004)]
    [InlineData("7.9.4", 1005)]
    [InlineData("7.9.5", 1006)]
    [InlineData("7.9.6", 1015)]
    [InlineData("7.9.7", 1016)]
    [InlineData("7.9.8", 1100)]
    [InlineData("7.9.9", 2000)]
    [InlineData("7.9.10", 2999)]
    [InlineData("7.9.11", 5000)]
    [InlineData("7.9.12", 65535)]
    public Task Case_7_9_invalid_close_code_fails_with_1002(string id, int code) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAfterViolationAsync(RawClient.Frame(Opcode.Close, Payloads.Close((ushort)code)));
            await c.ExpectFailedAsync(1002);
        });
}
