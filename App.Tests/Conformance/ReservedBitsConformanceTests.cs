using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 3, reserved bits: no extension is ever negotiated, so any RSV bit fails the connection (RFC 6455 §5.2).</summary>
public class ReservedBitsConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    public static TheoryData<string, int, Opcode> Rows()
    {
        var data = new TheoryData<string, int, Opcode>();
        Opcode[] opcodes = [Opcode.Text, Opcode.Binary, Opcode.Ping, Opcode.Close];
        int number = 1;
        foreach (Opcode opcode in opcodes)
        {
            for (int rsv = 1; rsv <= 7; rsv++)
            {
                data.Add($"3.1.{number++}", rsv, opcode);
            }
        }

        return data;
    }

    /// <summary>
    /// Sends a valid text, then the frame with RSV bits (as RSV1-RSV3 = bits 4, 2, 1 of <paramref name="rsv"/>), then a
    /// ping, in one write. Accepts: the valid text echoed, then failed with 1002 and no pong.
    /// </summary>
    [Theory]
    [MemberData(nameof(Rows))]
    public Task Case_3_1_frame_with_reserved_bits_fails_with_1002(string id, int rsv, Opcode opcode) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] payload = opcode == Opcode.Close ? Payloads.Close(1000) : "reserved"u8.ToArray();
            await c.SendAfterViolationAsync(
                RawClient.Frame(Opcode.Text, "before"u8),
                RawClient.Frame(opcode, payload, rsv: rsv),
                RawClient.Frame(Opcode.Ping, "after"u8));
            await c.ExpectTextAsync("before");
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: failed with 1002 when a continuation frame has an RSV bit, without echoing the message.</summary>
    [Theory]
    [InlineData("3.2.1", 4)]
    [InlineData("3.2.2", 2)]
    [InlineData("3.2.3", 1)]
    public Task Case_3_2_continuation_with_reserved_bits_fails_with_1002(string id, int rsv) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAfterViolationAsync(
                RawClient.Frame(Opcode.Text, "frag"u8, fin: false),
                RawClient.Frame(Opcode.Continuation, "ment"u8, rsv: rsv));
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: failed with 1002 as soon as the first byte shows RSV1, though the frame arrives byte by byte.</summary>
    [Fact]
    public Task Case_3_3_1_reserved_bit_in_a_frame_sent_byte_by_byte_fails_with_1002() =>
        fixture.RunAsync("3.3.1", async c =>
        {
            byte[] frame = RawClient.Frame(Opcode.Text, Payloads.Text(200), rsv: 4);

            // The first two bytes already show the violation; the rest need never be sent.
            await c.Raw.SendChoppedAsync(frame[..2], 1);
            await c.ExpectFailedAsync(1002);
        });
}
