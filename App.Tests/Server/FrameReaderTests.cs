using System.Text;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class FrameReaderTests
{
    private const int BufferBytes = 512;

    // One to four UTF-8 bytes each, so random splits land inside code points.
    private static readonly string[] Pieces = ["a", "é", "€", "😀"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_valid_streams_split_anywhere_give_the_same_messages_and_controls(int seed)
    {
        var random = new Random(seed);
        var expected = new List<string>();
        var stream = new MemoryStream();
        for (int m = 0; m < 40; m++)
        {
            bool text = random.Next(2) == 0;
            byte[] payload = text
                ? Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, random.Next(0, 400)).Select(_ => Pieces[random.Next(Pieces.Length)])))
                : RandomBytes(random, random.Next(0, 3000));
            int fragments = random.Next(1, 5);
            int offset = 0;
            for (int f = 0; f < fragments; f++)
            {
                int length = f == fragments - 1 ? payload.Length - offset : random.Next(0, payload.Length - offset + 1);
                Opcode opcode = f == 0 ? (text ? Opcode.Text : Opcode.Binary) : Opcode.Continuation;
                stream.Write(RawClient.Frame(opcode, payload.AsSpan(offset, length), fin: f == fragments - 1, maskKey: (uint)random.Next()));
                offset += length;
                if (f == fragments - 1)
                {
                    expected.Add((text ? "text:" : "binary:") + Convert.ToHexString(payload));
                }

                if (random.Next(4) == 0)
                {
                    byte[] ping = RandomBytes(random, random.Next(0, 126));
                    stream.Write(RawClient.Frame(Opcode.Ping, ping, maskKey: (uint)random.Next()));
                    expected.Add("ping:" + Convert.ToHexString(ping));
                }
            }
        }

        stream.Write(RawClient.Frame(Opcode.Close, [0x03, 0xE8]));
        expected.Add("close:1000");

        Assert.Equal(expected, Feed(stream.ToArray(), random));
    }

    [Fact]
    public void Text_split_inside_a_code_point_across_fragments_is_one_valid_message()
    {
        byte[] euro = "€"u8.ToArray();
        byte[] bytes =
        [
            .. RawClient.Frame(Opcode.Text, euro.AsSpan(0, 1), fin: false),
            .. RawClient.Frame(Opcode.Continuation, euro.AsSpan(1), fin: true),
            .. RawClient.Frame(Opcode.Close, []),
        ];

        Assert.Equal(["text:" + Convert.ToHexString(euro), "close:1005"], Feed(bytes, new Random(1)));
    }

    [Fact]
    public void Invalid_utf8_fails_before_the_rest_of_the_frame_arrives()
    {
        byte[] frame = RawClient.Frame(Opcode.Text, [0x61, 0xC0, .. new byte[100]]);
        var (reader, _) = NewReader();

        // Only the header and the first two payload bytes have arrived.
        Receive(reader, frame.AsSpan(0, 8));

        Assert.Equal(new FrameEvent(FrameEventKind.Failed, Code: 1007, Reason: "text message is not valid UTF-8"), reader.Read());
    }

    [Fact]
    public void Announced_length_over_the_cap_fails_with_1009_before_any_payload()
    {
        var (reader, message) = NewReader(maxMessage: 100);

        Receive(reader, [0x82, 0xFE, 0x00, 0x65, 1, 2, 3, 4]);

        Assert.Equal(1009, reader.Read().Code);
        Assert.Equal(0, message.Length);
    }

    [Fact]
    public void Discarding_reader_skips_data_and_reports_only_the_close()
    {
        byte[] bytes = [.. RawClient.Frame(Opcode.Binary, new byte[2000]), .. RawClient.Frame(Opcode.Ping, "p"u8), .. RawClient.Frame(Opcode.Close, [0x03, 0xE9])];
        var (reader, _) = NewReader();
        reader.Discarding = true;

        Assert.Equal(["close:1001"], Feed(bytes, new Random(7), reader));
    }

    private static List<string> Feed(byte[] bytes, Random random, FrameReader? reader = null)
    {
        MessageBuffer? message = null;
        if (reader is null)
        {
            (reader, message) = NewReader();
        }

        var events = new List<string>();
        int fed = 0;
        while (true)
        {
            FrameEvent next = reader.Read();
            switch (next.Kind)
            {
                case FrameEventKind.NeedMoreData:
                    Assert.True(fed < bytes.Length, "the reader wants more than the stream holds");
                    Memory<byte> space = reader.GetReceiveSpace();
                    int count = Math.Min(Math.Min(space.Length, random.Next(1, 700)), bytes.Length - fed);
                    bytes.AsSpan(fed, count).CopyTo(space.Span);
                    fed += count;
                    reader.OnReceived(count);
                    break;
                case FrameEventKind.Message:
                    events.Add((next.Opcode == Opcode.Text ? "text:" : "binary:") + Convert.ToHexString(message!.Payload));
                    message.Reset();
                    break;
                case FrameEventKind.Ping:
                    events.Add("ping:" + Convert.ToHexString(reader.ControlPayload.Span));
                    break;
                case FrameEventKind.Close:
                    events.Add("close:" + next.Code);
                    return events;
                default:
                    Assert.Fail($"unexpected {next}");
                    break;
            }
        }
    }

    private static (FrameReader Reader, MessageBuffer Message) NewReader(int maxMessage = 1 << 20)
    {
        var message = new MessageBuffer(64, maxMessage);
        var reader = new FrameReader(new byte[BufferBytes], message);
        reader.Reset(0, 0);
        return (reader, message);
    }

    private static void Receive(FrameReader reader, ReadOnlySpan<byte> bytes)
    {
        Memory<byte> space = reader.GetReceiveSpace();
        bytes.CopyTo(space.Span);
        reader.OnReceived(bytes.Length);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
