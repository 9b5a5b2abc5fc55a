using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>
/// Autobahn group 6, UTF-8 (RFC 6455 §8.1): every vector in one frame, split at every byte into two fragments, in
/// one-byte fragments, and byte by byte on the wire. Invalid text must fail with 1007 at the first byte that rules
/// it out (fail fast), before the rest of the message is sent; the expected byte comes from the BCL's decoder.
/// </summary>
public class Utf8ConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    public static TheoryData<string, string> ValidVectors => Utf8Vectors.Valid;

    public static TheoryData<string, string> InvalidVectors => Utf8Vectors.Invalid;

    /// <summary>Accepts: an empty text echoed, whether one empty frame or fragments of which some are empty.</summary>
    [Theory]
    [InlineData("6.1.1", new[] { 0 })]
    [InlineData("6.1.2", new[] { 0, 0, 0 })]
    [InlineData("6.1.3", new[] { 0, 5, 0 })]
    public Task Case_6_1_empty_text_and_empty_fragments_are_echoed(string id, int[] sizes) =>
        fixture.RunAsync(id, async c =>
        {
            (byte[][] frames, byte[] message) = FragmentationConformanceTests.Fragments(Opcode.Text, sizes);
            await c.SendAsync(frames);
            await c.ExpectMessageAsync(Opcode.Text, message);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: the text echoed unchanged in every way of sending it; a premature 1007 fails the case.</summary>
    [Theory]
    [MemberData(nameof(ValidVectors))]
    public Task Case_6_2_valid_utf8_is_echoed_at_every_split(string id, string hex) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] text = Payloads.Hex(hex);
            Assert.True(Utf8Reference.IsValidMessage(text), "the table lists invalid UTF-8 as valid");

            await c.SendAsync(RawClient.Frame(Opcode.Text, text));
            await c.ExpectMessageAsync(Opcode.Text, text);
            for (int split = 1; split < text.Length; split++)
            {
                await c.SendAsync(RawClient.Frame(Opcode.Text, text.AsSpan(0, split), fin: false), RawClient.Frame(Opcode.Continuation, text.AsSpan(split)));
                await c.ExpectMessageAsync(Opcode.Text, text);
            }

            await c.SendAsync(OneByteFragments(text));
            await c.ExpectMessageAsync(Opcode.Text, text);
            await c.SendByteByByteAsync(RawClient.Frame(Opcode.Text, text));
            await c.ExpectMessageAsync(Opcode.Text, text);
            await c.CloseAsync(1000);
        });

    /// <summary>
    /// Accepts, on a new connection for each way of sending: failed with 1007 (a close with 1007, or TCP dropped),
    /// never an echo; and whenever the first invalid byte has been sent the failure comes before anything more is.
    /// While only a valid prefix has been sent, a ping must still be answered (no premature failure).
    /// </summary>
    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public Task Case_6_3_invalid_utf8_fails_with_1007_at_the_first_invalid_byte(string id, string hex) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] text = Payloads.Hex(hex);
            Assert.False(Utf8Reference.IsValidMessage(text), "the table lists valid UTF-8 as invalid");
            int firstInvalid = Utf8Reference.FirstInvalidByte(text);

            await c.SendAfterViolationAsync(RawClient.Frame(Opcode.Text, text));
            await c.ExpectFailedAsync(1007);

            for (int split = 1; split < text.Length; split++)
            {
                await using CaseConnection connection = await fixture.OpenAsync();
                byte[][] fragments = [RawClient.Frame(Opcode.Text, text.AsSpan(0, split), fin: false), RawClient.Frame(Opcode.Continuation, text.AsSpan(split))];
                await SendFragmentsFailingFastAsync(connection, fragments, firstInvalid < 0 ? int.MaxValue : firstInvalid < split ? 0 : 1);
            }

            await using (CaseConnection connection = await fixture.OpenAsync())
            {
                await SendFragmentsFailingFastAsync(connection, OneByteFragments(text), firstInvalid < 0 ? int.MaxValue : firstInvalid);
            }

            if (firstInvalid >= 0)
            {
                await using CaseConnection connection = await fixture.OpenAsync();
                await FailsInsideOneFrameAsync(connection, text, firstInvalid);
            }
        });

    /// <summary>
    /// Autobahn 6.4: κόσμε, then the invalid F4 90 80 80 (above U+10FFFF), then "edited", as fragments or as chops of one
    /// frame. Accepts: failed with 1007 once the invalid part is sent, before "edited" is.
    /// </summary>
    [Theory]
    [InlineData("6.4.1", "F4 90 80 80", true)]
    [InlineData("6.4.2", "F4 90", true)]
    [InlineData("6.4.3", "F4 90 80 80", false)]
    [InlineData("6.4.4", "F4 90", false)]
    public Task Case_6_4_invalid_part_fails_before_the_rest_is_sent(string id, string invalidHex, bool asFragments) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] start = Payloads.Hex(Utf8Vectors.Kosme);
            byte[] invalid = Payloads.Hex(invalidHex);
            byte[] rest = "edited"u8.ToArray();
            if (asFragments)
            {
                await c.SendAsync(RawClient.Frame(Opcode.Text, start, fin: false));
                await c.SendAsync(RawClient.Frame(Opcode.Continuation, invalid, fin: false));
            }
            else
            {
                byte[] frame = RawClient.Frame(Opcode.Text, [.. start, .. invalid, .. rest]);
                int header = frame.Length - start.Length - invalid.Length - rest.Length;
                await c.SendAsync(frame[..(header + start.Length)]);
                await c.SendAsync(frame[(header + start.Length)..(header + start.Length + invalid.Length)]);
            }

            await c.ExpectFailedAsync(1007);
        });

    /// <summary>Sends the fragments in turn; after fragment <paramref name="failingFragment"/> expects the failure, and before it proves the connection open with a ping.</summary>
    private static async Task SendFragmentsFailingFastAsync(CaseConnection connection, byte[][] fragments, int failingFragment)
    {
        for (int i = 0; i < fragments.Length; i++)
        {
            await connection.SendAsync(fragments[i]);
            if (i >= failingFragment)
            {
                await connection.ExpectFailedAsync(1007);
                return;
            }

            if (i < fragments.Length - 1)
            {
                await connection.SendAsync(RawClient.Frame(Opcode.Ping, [(byte)i]));
                await connection.ExpectPongAsync([(byte)i]);
            }
        }

        // Every prefix was valid: the message is invalid only because it ends inside a sequence.
        await connection.ExpectFailedAsync(1007);
    }

    /// <summary>One frame announcing the text and 64 more bytes; only the bytes through the first invalid one are sent.</summary>
    private static async Task FailsInsideOneFrameAsync(CaseConnection connection, byte[] text, int firstInvalid)
    {
        byte[] payload = [.. text, .. Payloads.Text(64)];
        byte[] frame = RawClient.Frame(Opcode.Text, payload);
        int header = frame.Length - payload.Length;
        await connection.SendAsync(frame[..(header + firstInvalid + 1)]);
        await connection.ExpectFailedAsync(1007);
    }

    private static byte[][] OneByteFragments(byte[] text) =>
        text.Select((b, i) => RawClient.Frame(i == 0 ? Opcode.Text : Opcode.Continuation, [b], fin: i == text.Length - 1)).ToArray();
}
