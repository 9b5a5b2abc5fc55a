using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 1, framing: every payload length class, text and binary, whole, chopped and byte by byte.</summary>
public class FramingConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    /// <summary>Length classes: 7-bit (0-125), 16-bit (126-65535), 64-bit (65536 and up), at each boundary.</summary>
    public static TheoryData<string, int, int> TextCases => Rows("1.1");

    public static TheoryData<string, int, int> BinaryCases => Rows("1.2");

    private static TheoryData<string, int, int> Rows(string group)
    {
        // (length, chop): chop 0 sends the frame in one write, 1 byte by byte, 997 in Autobahn's odd-sized chops.
        (int Length, int Chop)[] rows =
        [
            (0, 0), (1, 0), (125, 0), (126, 0), (127, 0), (128, 0), (65_535, 0), (65_536, 0), (65_537, 0),
            (65_536, 997), (0, 1), (125, 1), (126, 1), (65_535, 1), (65_536, 1),
        ];
        var data = new TheoryData<string, int, int>();
        for (int i = 0; i < rows.Length; i++)
        {
            data.Add($"{group}.{i + 1}", rows[i].Length, rows[i].Chop);
        }

        return data;
    }

    /// <summary>Accepts: the text echoed whole, in one frame, then a clean close.</summary>
    [Theory]
    [MemberData(nameof(TextCases))]
    public Task Case_1_1_text_of_each_length_class_is_echoed(string id, int length, int chop) =>
        EchoAsync(id, Opcode.Text, length, chop);

    /// <summary>Accepts: the binary message echoed whole, in one frame, then a clean close.</summary>
    [Theory]
    [MemberData(nameof(BinaryCases))]
    public Task Case_1_2_binary_of_each_length_class_is_echoed(string id, int length, int chop) =>
        EchoAsync(id, Opcode.Binary, length, chop);

    /// <summary>
    /// Accepts: the echo. Non-strict by design: RFC 6455 §5.2 obliges the sender to use the minimal length encoding
    /// but does not oblige the receiver to fail; docs/protocol.md promises these are accepted.
    /// </summary>
    [Theory]
    [InlineData("1.3.1", 0, 2)]
    [InlineData("1.3.2", 5, 2)]
    [InlineData("1.3.3", 125, 2)]
    [InlineData("1.3.4", 5, 8)]
    [InlineData("1.3.5", 126, 8)]
    [InlineData("1.3.6", 65_535, 8)]
    public Task Case_1_3_non_minimal_length_encoding_is_accepted(string id, int length, int lengthBytes) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] payload = Payloads.Text(length);
            await c.SendAsync(Payloads.FrameWithLengthEncoding(Opcode.Text, payload, lengthBytes));
            await c.ExpectMessageAsync(Opcode.Text, payload);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: the echo, whatever the mask key (the zero key leaves the payload as is), and keys changing between fragments.</summary>
    [Theory]
    [InlineData("1.4.1", 0x00000000u, 0x00000000u)]
    [InlineData("1.4.2", 0xFFFFFFFFu, 0xFFFFFFFFu)]
    [InlineData("1.4.3", 0x01020304u, 0xA5C3E1F0u)]
    public Task Case_1_4_any_mask_key_is_accepted(string id, uint firstKey, uint secondKey) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] payload = Payloads.Text(301);
            await c.SendAsync(
                RawClient.Frame(Opcode.Text, payload.AsSpan(0, 100), fin: false, maskKey: firstKey),
                RawClient.Frame(Opcode.Continuation, payload.AsSpan(100), maskKey: secondKey));
            await c.ExpectMessageAsync(Opcode.Text, payload);
            await c.CloseAsync(1000);
        });

    /// <summary>Accepts: failed with 1002 (RFC 6455 §5.1: a server MUST close on an unmasked client frame), no echo.</summary>
    [Theory]
    [InlineData("1.5.1", Opcode.Text)]
    [InlineData("1.5.2", Opcode.Binary)]
    [InlineData("1.5.3", Opcode.Ping)]
    [InlineData("1.5.4", Opcode.Pong)]
    [InlineData("1.5.5", Opcode.Close)]
    public Task Case_1_5_unmasked_frame_fails_with_1002(string id, Opcode opcode) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] payload = opcode == Opcode.Close ? Payloads.Close(1000) : "hello"u8.ToArray();
            await c.SendAsync(RawClient.Frame(opcode, payload, masked: false));
            await c.ExpectFailedAsync(1002);
        });

    /// <summary>Accepts: every message of one write answered, in order (pipelining).</summary>
    [Fact]
    public Task Case_1_6_1_frames_in_one_write_are_all_answered_in_order() =>
        fixture.RunAsync("1.6.1", async c =>
        {
            byte[] binary = Payloads.Binary(300);
            await c.SendAsync(
                RawClient.Frame(Opcode.Text, "first"u8),
                RawClient.Frame(Opcode.Binary, binary),
                RawClient.Frame(Opcode.Ping, "p"u8),
                RawClient.Frame(Opcode.Text, "last"u8));
            await c.ExpectTextAsync("first");
            await c.ExpectMessageAsync(Opcode.Binary, binary);
            await c.ExpectPongAsync("p"u8.ToArray());
            await c.ExpectTextAsync("last");
            await c.CloseAsync(1000);
        });

    private Task EchoAsync(string id, Opcode opcode, int length, int chop) =>
        fixture.RunAsync(id, async c =>
        {
            byte[] payload = Payloads.For(opcode, length);
            byte[] frame = RawClient.Frame(opcode, payload);
            await (chop == 0 ? c.SendAsync(frame) : c.Raw.SendChoppedAsync(frame, chop));
            await c.ExpectMessageAsync(opcode, payload);
            await c.CloseAsync(1000);
        });
}
