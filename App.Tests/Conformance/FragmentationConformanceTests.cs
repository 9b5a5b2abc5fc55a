using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 5, fragmentation: every legal split is reassembled, every illegal sequence fails (RFC 6455 §5.4).</summary>
public class FragmentationConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    /// <summary>Accepts: failed with 1002 (RFC 6455 §5.5: control frames MUST NOT be fragmented), no answer to the control frame.</summary>
    [Theory]
    [InlineData("5.1.1", Opcode.Ping)]
    [InlineData("5.1.2", Opcode.Pong)]
    [InlineData("5.1.3", Opcode.Close)]
    public Task Case_5_1_fragmented_control_frame_fails_with_1002(string id, Opcode opcode) =>
        fixture.RunAsync(id, async c =>
        {
            await c.SendAfterViolationAsync(
                RawClient.Frame(opcode, opcode == Opcode.Close ? [0x03] : "frag"u8, fin: false),
                RawClient.Frame(Opcode.Continuation, opcode == Opcode.Close ? [0xE8] : "ment"u8));
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: the message echoed once, whole, in one frame of its first fragment's type.</summary>
    /// <param name="id">The case number.</param>
    /// <param name="opcode">The message type.</param>
    /// <param name="sizes">The fragments' payload sizes, in order; 0 is an empty fragment.</param>
    /// <param name="mode">"one": all frames in one write; "each": one write a frame, 20 ms apart; "bytes": byte by byte.</param>
    [Theory]
    [InlineData("5.2.1", Opcode.Text, new[] { 4, 4 }, "one")]
    [InlineData("5.2.2", Opcode.Text, new[] { 4, 4 }, "each")]
    [InlineData("5.2.3", Opcode.Text, new[] { 4, 4 }, "bytes")]
    [InlineData("5.2.4", Opcode.Binary, new[] { 4, 4 }, "one")]
    [InlineData("5.2.5", Opcode.Binary, new[] { 4, 4 }, "bytes")]
    [InlineData("5.2.6", Opcode.Text, new[] { 3, 3, 3 }, "one")]
    [InlineData("5.2.7", Opcode.Text, new[] { 10, 10, 10, 10, 10, 10, 10, 10, 10, 10 }, "each")]
    [InlineData("5.2.8", Opcode.Text, new[] { 0, 5 }, "one")]
    [InlineData("5.2.9", Opcode.Text, new[] { 5, 0 }, "one")]
    [InlineData("5.2.10", Opcode.Text, new[] { 5, 0, 5 }, "one")]
    [InlineData("5.2.11", Opcode.Text, new[] { 0, 0, 0 }, "one")]
    [InlineData("5.2.12", Opcode.Binary, new[] { 0, 0 }, "one")]
    [InlineData("5.2.13", Opcode.Text, new[] { 126, 65_536, 125 }, "one")]
    [InlineData("5.2.14", Opcode.Binary, new[] { 65_537, 1 }, "one")]
    public Task Case_5_2_fragmented_message_is_echoed_whole(string id, Opcode opcode, int[] sizes, string mode) =>
        fixture.RunAsync(id, async c =>
        {
            (byte[][] frames, byte[] message) = Fragments(opcode, sizes);
            switch (mode)
            {
                case "one":
                    await c.SendAsync(frames);
                    break;
                case "each":
                    foreach (byte[] frame in frames)
                    {
                        await c.SendAsync(frame);
                        await Task.Delay(20);
                    }

                    break;
                default:
                    await c.SendByteByByteAsync(frames);
                    break;
            }

            await c.ExpectMessageAsync(opcode, message);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: a message of 1 000 one-byte fragments echoed whole.</summary>
    [Theory]
    [InlineData("5.3.1", Opcode.Text)]
    [InlineData("5.3.2", Opcode.Binary)]
    public Task Case_5_3_one_thousand_fragments_of_one_byte_are_echoed_whole(string id, Opcode opcode) =>
        fixture.RunAsync(id, async c =>
        {
            (byte[][] frames, byte[] message) = Fragments(opcode, Enumerable.Repeat(1, 1000).ToArray());
            await c.SendAsync(frames);
            await c.ExpectMessageAsync(opcode, message);
            await c.CloseAsync(1000);
        });

    /// <summary>
    /// Accepts: a pong for each ping between fragments, each before the message is echoed, then the message
    /// (RFC 6455 §5.4: control frames MAY be injected in the middle of a fragmented message).
    /// </summary>
    [Theory]
    [InlineData("5.4.1", "one")]
    [InlineData("5.4.2", "each")]
    [InlineData("5.4.3", "bytes")]
    public Task Case_5_4_ping_between_fragments_is_answered_and_the_message_echoed(string id, string mode) =>
        fixture.RunAsync(id, async c =>
        {
            byte[][] frames =
            [
                RawClient.Frame(Opcode.Text, "frag"u8, fin: false),
                RawClient.Frame(Opcode.Ping, "in between"u8),
                RawClient.Frame(Opcode.Continuation, "ment"u8),
            ];
            if (mode == "one")
            {
                await c.SendAsync(frames);
            }
            else if (mode == "each")
            {
                await c.SendAsync(frames[0]);
                await Task.Delay(20);
                await c.SendAsync(frames[1]);
                await c.ExpectPongAsync("in between"u8.ToArray());
                await c.SendAsync(frames[2]);
            }
            else
            {
                await c.SendByteByByteAsync(frames);
            }

            if (mode != "each")
            {
                await c.ExpectPongAsync("in between"u8.ToArray());
            }

            await c.ExpectTextAsync("fragment");
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: nine pongs in order, then the ten-fragment message; also an unsolicited pong between fragments changes nothing.</summary>
    [Fact]
    public Task Case_5_4_4_pings_and_pongs_between_many_fragments() =>
        fixture.RunAsync("5.4.4", async c =>
        {
            var frames = new List<byte[]>();
            for (int i = 0; i < 10; i++)
            {
                frames.Add(RawClient.Frame(i == 0 ? Opcode.Text : Opcode.Continuation, [(byte)('0' + i)], fin: i == 9));
                if (i < 9)
                {
                    frames.Add(RawClient.Frame(Opcode.Ping, [(byte)('a' + i)]));
                    frames.Add(RawClient.Frame(Opcode.Pong, "unsolicited"u8));
                }
            }

            await c.SendAsync([.. frames]);
            for (int i = 0; i < 9; i++)
            {
                await c.ExpectPongAsync([(byte)('a' + i)]);
            }

            await c.ExpectTextAsync("0123456789");
            await c.CloseAsync(1000);
        });

    internal static (byte[][] Frames, byte[] Message) Fragments(Opcode opcode, int[] sizes)
    {
        byte[] message = Payloads.For(opcode, sizes.Sum());
        var frames = new byte[sizes.Length][];
        int offset = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            frames[i] = RawClient.Frame(i == 0 ? opcode : Opcode.Continuation, message.AsSpan(offset, sizes[i]), fin: i == sizes.Length - 1);
            offset += sizes[i];
        }

        return (frames, message);
    }
}
