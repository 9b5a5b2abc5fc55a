using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>
/// Autobahn group 9, limits and performance, run as correctness cases (nothing is timed): large messages whole,
/// in many fragments and in many TCP writes, long runs of small messages, and the MaxMessageBytes cap (16 MiB here).
/// </summary>
public class LimitsConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    private const int KiB = 1024;
    private const int MiB = 1024 * 1024;

    public static TheoryData<string, Opcode, int> SingleFrame() => Rows(
        [("9.1", Opcode.Text), ("9.2", Opcode.Binary)], [64 * KiB, 256 * KiB, MiB, 4 * MiB, 8 * MiB]);

    public static TheoryData<string, Opcode, int> FragmentSizes() => Rows(
        [("9.3", Opcode.Text), ("9.4", Opcode.Binary)], [64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB]);

    public static TheoryData<string, Opcode, int> ChopSizes() => Rows(
        [("9.5", Opcode.Text), ("9.6", Opcode.Binary)], [64, 128, 256, 512, KiB, 2 * KiB, 128 * KiB]);

    public static TheoryData<string, Opcode, int> SmallMessageSizes() => Rows(
        [("9.7", Opcode.Text), ("9.8", Opcode.Binary)], [0, 16, 256]);

    /// <summary>Accepts: the message echoed whole, in one frame.</summary>
    [Theory]
    [MemberData(nameof(SingleFrame))]
    public Task Case_9_1_large_message_in_one_frame_is_echoed(string id, Opcode opcode, int size) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] message = Payloads.For(opcode, size);
            await c.SendAsync(RawClient.Frame(opcode, message));
            await c.ExpectMessageAsync(opcode, message);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: a 4 MiB message sent as fragments of the given size (64 B: 65 536 frames) echoed whole, in one frame.</summary>
    [Theory]
    [MemberData(nameof(FragmentSizes))]
    public Task Case_9_3_large_message_in_many_fragments_is_echoed_whole(string id, Opcode opcode, int fragmentSize) =>
        fixture.RunAsync(id, async c =>
        {
            int[] sizes = Enumerable.Repeat(fragmentSize, 4 * MiB / fragmentSize).ToArray();
            (byte[][] frames, byte[] message) = FragmentationConformanceTests.Fragments(opcode, sizes);
            await c.SendAsync(frames);
            await c.ExpectMessageAsync(opcode, message);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: a 1 MiB single-frame message that arrives in TCP writes of the given size echoed whole.</summary>
    [Theory]
    [MemberData(nameof(ChopSizes))]
    public Task Case_9_5_message_in_many_tcp_writes_is_echoed_whole(string id, Opcode opcode, int chop) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] message = Payloads.For(opcode, MiB);
            await c.Raw.SendChoppedAsync(RawClient.Frame(opcode, message), chop);
            await c.ExpectMessageAsync(opcode, message);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: 10 000 messages sent back to back, while the echoes are read, all echoed in order.</summary>
    [Theory]
    [MemberData(nameof(SmallMessageSizes))]
    public Task Case_9_7_ten_thousand_small_messages_in_a_row_are_echoed_in_order(string id, Opcode opcode, int size) =>
        fixture.RunAsync(id, async c =>
        {
            const int Count = 10_000;
            byte[][] messages = Enumerable.Range(0, Count).Select(i => Numbered(opcode, size, i)).ToArray();
            Task reading = Task.Run(async () =>
            {
                foreach (byte[] message in messages)
                {
                    await c.ExpectMessageAsync(opcode, message);
                }
            });

            // In batches, so the writes and the echoes overlap as they would with a real client.
            foreach (byte[][] batch in messages.Select(m => RawClient.Frame(opcode, m)).Chunk(500))
            {
                await c.SendAsync(batch);
            }

            await reading;
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: 1 000 messages in lockstep (send, wait for the echo, send the next), all echoed.</summary>
    [Theory]
    [InlineData("9.9.1", Opcode.Text)]
    [InlineData("9.9.2", Opcode.Binary)]
    public Task Case_9_9_one_thousand_round_trips_are_echoed(string id, Opcode opcode) =>
        fixture.RunAsync(id, async c =>
        {
            for (int i = 0; i < 1000; i++)
            {
                byte[] message = Numbered(opcode, 64, i);
                await c.SendAsync(RawClient.Frame(opcode, message));
                await c.ExpectMessageAsync(opcode, message);
            }

            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: a message of exactly MaxMessageBytes (16 MiB) echoed: the cap is inclusive.</summary>
    [Fact]
    public Task Case_9_10_1_message_of_exactly_max_message_bytes_is_echoed() =>
        fixture.RunAsync("9.10.1", async c =>
        {
            byte[] message = Payloads.Binary(ConformanceServerFixture.MaxMessageBytes);
            await c.SendAsync(RawClient.Frame(Opcode.Binary, message));
            await c.ExpectMessageAsync(Opcode.Binary, message);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: failed with 1009 as soon as the header announces one byte over the cap; the payload is never sent.</summary>
    [Fact]
    public Task Case_9_10_2_frame_announcing_more_than_max_message_bytes_fails_with_1009_at_its_header() =>
        fixture.RunAsync("9.10.2", async c =>
        {
            byte[] header = new byte[FrameWriter.MaxHeaderLength];
            int length = FrameWriter.WriteMaskedHeader(header, Opcode.Binary, fin: true, ConformanceServerFixture.MaxMessageBytes + 1L, 0x01020304);
            await c.SendAsync(header[..length]);
            await c.ExpectFailedAsync(1009);
        });

    /// <summary>Accepts: two fragments of 8 MiB echo nothing; failed with 1009 at the header of a third fragment of 1 byte, before its payload.</summary>
    [Fact]
    public Task Case_9_10_3_fragments_adding_up_past_max_message_bytes_fail_with_1009() =>
        fixture.RunAsync("9.10.3", async c =>
        {
            byte[] half = Payloads.Binary(ConformanceServerFixture.MaxMessageBytes / 2);
            await c.SendAsync(RawClient.Frame(Opcode.Binary, half, fin: false), RawClient.Frame(Opcode.Continuation, half, fin: false));
            byte[] last = RawClient.Frame(Opcode.Continuation, [0x42]);
            await c.SendAsync(last[..^1]);
            await c.ExpectFailedAsync(1009);
        });

    private static byte[] Numbered(Opcode opcode, int size, int number)
    {
        byte[] message = Payloads.For(opcode, size);
        if (size >= 5)
        {
            System.Text.Encoding.ASCII.GetBytes($"{number % 100_000:D5}").CopyTo(message, 0);
        }

        return message;
    }

    private static TheoryData<string, Opcode, int> Rows((string Group, Opcode Opcode)[] groups, int[] values)
    {
        var data = new TheoryData<string, Opcode, int>();
        foreach ((string group, Opcode opcode) in groups)
        {
            for (int i = 0; i < values.Length; i++)
            {
                data.Add($"{group}.{i + 1}", opcode, values[i]);
            }
        }

        return data;
    }
}
