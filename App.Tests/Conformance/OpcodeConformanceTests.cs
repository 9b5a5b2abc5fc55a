using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 4, reserved opcodes: 3-7 (data) and 0xB-0xF (control) fail the connection (RFC 6455 §5.2).</summary>
public class OpcodeConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    public static TheoryData<string, int> Alone() => Rows("4.1");

    public static TheoryData<string, int> AfterValidText() => Rows("4.2");

    private static TheoryData<string, int> Rows(string group)
    {
        var data = new TheoryData<string, int>();
        int[] reserved = [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF];
        for (int i = 0; i < reserved.Length; i++)
        {
            data.Add($"{group}.{i + 1}", reserved[i]);
        }

        return data;
    }

    /// <summary>Accepts: failed with 1002, for an empty frame of the reserved opcode.</summary>
    [Theory]
    [MemberData(nameof(Alone))]
    public Task Case_4_1_reserved_opcode_fails_with_1002(string id, int opcode) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAfterViolationAsync(RawClient.Frame((Opcode)opcode, []));
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>
    /// Sends a valid text, the reserved opcode with a payload, then a ping, in one write (Autobahn 4.1.3-4.2.5).
    /// Accepts: the text echoed, then failed with 1002 and no pong.
    /// </summary>
    [Theory]
    [MemberData(nameof(AfterValidText))]
    public Task Case_4_2_reserved_opcode_after_a_valid_message_fails_with_1002(string id, int opcode) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAfterViolationAsync(
                RawClient.Frame(Opcode.Text, "valid"u8),
                RawClient.Frame((Opcode)opcode, "reserved payload"u8),
                RawClient.Frame(Opcode.Ping, "unanswered"u8));
            await c.ExpectTextAsync("valid");
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: failed with 1002 when a reserved data opcode appears inside a fragmented message.</summary>
    [Fact]
    public Task Case_4_3_1_reserved_opcode_between_fragments_fails_with_1002() =>
        fixture.RunAsync("4.3.1", async c =>
        {
            await c.SendAfterViolationAsync(
                RawClient.Frame(Opcode.Text, "frag"u8, fin: false),
                RawClient.Frame((Opcode)3, "ment"u8));
            await c.ExpectFailedAsync(1002);
        });
}
