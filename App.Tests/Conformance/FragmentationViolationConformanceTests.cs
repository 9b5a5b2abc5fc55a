using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 5, the illegal sequences: a continuation with no message open, a new message inside one.</summary>
public class FragmentationViolationConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    /// <summary>Accepts: failed with 1002 (RFC 6455 §5.4), whether the continuation is final or not, whole or chopped.</summary>
    [Theory]
    [InlineData("5.5.1", true, 0)]
    [InlineData("5.5.2", true, 1)]
    [InlineData("5.5.3", false, 0)]
    [InlineData("5.5.4", false, 1)]
    public Task Case_5_5_continuation_without_a_message_fails_with_1002(string id, bool fin, int chop) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] frame = RawClient.Frame(Opcode.Continuation, "orphan"u8, fin: fin);
            await c.SendAfterViolationChoppedAsync(frame, chop == 0 ? frame.Length : chop);

            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: the complete message echoed, then failed with 1002 for the continuation that follows it.</summary>
    [Fact]
    public Task Case_5_5_5_continuation_after_a_finished_message_fails_with_1002() =>
        fixture.RunAsync("5.5.5", async c =>
        {
            await c.SendAfterViolationAsync(
                RawClient.Frame(Opcode.Text, "done"u8),
                RawClient.Frame(Opcode.Continuation, "late"u8));
            await c.ExpectTextAsync("done");
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: failed with 1002, no echo: a data frame other than a continuation while a message is open (RFC 6455 §5.4).</summary>
    [Theory]
    [InlineData("5.6.1", Opcode.Text, Opcode.Text, true)]
    [InlineData("5.6.2", Opcode.Text, Opcode.Text, false)]
    [InlineData("5.6.3", Opcode.Text, Opcode.Binary, true)]
    [InlineData("5.6.4", Opcode.Binary, Opcode.Text, true)]
    [InlineData("5.6.5", Opcode.Binary, Opcode.Binary, false)]
    public Task Case_5_6_new_message_inside_an_open_message_fails_with_1002(string id, Opcode first, Opcode second, bool secondFin) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAfterViolationAsync(
                RawClient.Frame(first, "outer"u8, fin: false),
                RawClient.Frame(second, "inner"u8, fin: secondFin),
                RawClient.Frame(Opcode.Continuation, "end"u8));
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: the pong for the ping between, then failed with 1002 for the text that starts inside the open message.</summary>
    [Fact]
    public Task Case_5_6_6_text_inside_text_after_a_ping_fails_with_1002() =>
        fixture.RunAsync("5.6.6", async c =>
        {
            await c.SendAfterViolationAsync(
                RawClient.Frame(Opcode.Text, "outer"u8, fin: false),
                RawClient.Frame(Opcode.Ping, "p"u8),
                RawClient.Frame(Opcode.Text, "inner"u8));
            await c.ExpectPongAsync("p"u8.ToArray());
            await c.ExpectFailedAsync(1002);
        });
}
