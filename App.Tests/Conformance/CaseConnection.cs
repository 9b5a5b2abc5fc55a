using System.Text;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>
/// One client connection of a conformance case: sends bytes exactly as the case says and judges what comes back
/// with Autobahn|Testsuite's verdicts. Every frame the server sends is first checked against RFC 6455.
/// </summary>
/// <remarks>
/// The verdicts:
/// <list type="bullet">
/// <item><b>message</b>: the next frame is this message, whole, in one frame (docs/protocol.md: echoes are unfragmented).</item>
/// <item><b>still open</b>: a sentinel text is echoed as the very next frame, so nothing else was sent before it.</item>
/// <item><b>clean close</b>: the client's close is answered by a close with the same code, then the server closes TCP.</item>
/// <item><b>failed</b> (Autobahn's rule for fail cases, RFC 6455 §7.1.7 lets either happen): either a close frame
/// with the expected code followed by TCP close, or TCP close with no close frame at all ("fail fast").
/// Any data frame instead is a failure of the case.</item>
/// </list>
/// </remarks>
public sealed class CaseConnection : IAsyncDisposable
{
    private static readonly byte[] Sentinel = "still open?"u8.ToArray();

    public CaseConnection(RawClient client) => Raw = client;

    public RawClient Raw { get; }

    /// <summary>Sends <paramref name="frames"/> concatenated, in one write.</summary>
    public Task SendAsync(params byte[][] frames) => Raw.SendAsync(frames.SelectMany(f => f).ToArray());

    /// <summary>Sends each of <paramref name="frames"/> in its own write.</summary>
    public async Task SendEachAsync(params byte[][] frames)
    {
        foreach (byte[] frame in frames)
        {
            await Raw.SendAsync(frame);
        }
    }

    /// <summary>Sends <paramref name="frames"/> concatenated, one byte per write.</summary>
    public Task SendByteByByteAsync(params byte[][] frames) => Raw.SendChoppedAsync(frames.SelectMany(f => f).ToArray(), 1);

    /// <summary>Sends what follows a violation: the server may already be gone, which is no failure.</summary>
    public async Task SendAfterViolationAsync(params byte[][] frames) => await Raw.TrySendAsync(frames.SelectMany(f => f).ToArray());

    /// <summary>Sends a violation in writes of <paramref name="chop"/> bytes; the server may be gone before the last, which is no failure.</summary>
    public async Task SendAfterViolationChoppedAsync(byte[] bytes, int chop)
    {
        try
        {
            await Raw.SendChoppedAsync(bytes, chop);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server failed the connection before every byte was sent.
        }
    }

    /// <summary>Verdict "message": the next frame is one whole message of <paramref name="opcode"/> carrying <paramref name="payload"/>.</summary>
    public async Task ExpectMessageAsync(Opcode opcode, byte[] payload)
    {
        RawFrame frame = await NextFrameAsync($"a {opcode} message of {payload.Length} bytes");
        Assert.True(frame.Opcode == opcode, $"expected a {opcode} frame, got {frame.Opcode}");
        Assert.True(frame.Payload.AsSpan().SequenceEqual(payload),
            $"{opcode} payload differs: expected {payload.Length} bytes, got {frame.Payload.Length}");
    }

    public Task ExpectTextAsync(string text) => ExpectMessageAsync(Opcode.Text, Encoding.UTF8.GetBytes(text));

    public Task ExpectPongAsync(byte[] payload) => ExpectMessageAsync(Opcode.Pong, payload);

    /// <summary>Verdict "still open": a sentinel text comes back as the very next frame.</summary>
    public async Task ExpectStillOpenAsync()
    {
        await Raw.SendAsync(RawClient.Frame(Opcode.Text, Sentinel));
        await ExpectMessageAsync(Opcode.Text, Sentinel);
    }

    /// <summary>Verdict "clean close": sends a close with <paramref name="code"/> and expects it answered, then TCP closed.</summary>
    public async Task CloseAsync(ushort code, string reason = "")
    {
        await Raw.SendCloseAsync(code, reason);
        await ExpectCloseReplyAsync(code);
    }

    /// <summary>
    /// Verdict "clean close" after the case sent its own close: the server answers with <paramref name="code"/>
    /// (1005: an empty close, since 1005 may not be sent) and then closes TCP.
    /// </summary>
    public async Task ExpectCloseReplyAsync(ushort code)
    {
        RawFrame frame = await NextFrameAsync($"a close frame with {code}");
        Assert.True(frame.Opcode == Opcode.Close, $"expected the close reply, got a {frame.Opcode} frame");
        if (code == 1005)
        {
            Assert.Empty(frame.Payload);
        }
        else
        {
            Assert.Equal(code, frame.CloseCode);
        }

        await ExpectTcpClosedAsync("the closing handshake");
    }

    /// <summary>Verdict "failed": a close with <paramref name="code"/> then TCP close, or TCP close with no close frame.</summary>
    public async Task ExpectFailedAsync(ushort code)
    {
        RawFrame? frame = await Raw.ReadFrameAsync();
        if (frame is null)
        {
            // Failing fast by dropping TCP is allowed (RFC 6455 §7.1.7; Autobahn counts it as a pass).
            return;
        }

        ServerFrameRules.Check(frame);
        Assert.True(frame.Opcode == Opcode.Close, $"expected the connection to fail with {code}, got a {frame.Opcode} frame");
        Assert.Equal(code, frame.CloseCode);
        await Raw.TrySendAsync(RawClient.Frame(Opcode.Close, frame.Payload.AsSpan(0, 2)));
        await ExpectTcpClosedAsync($"its close with {code}");
    }

    /// <summary>The server closes TCP and sends no frame after its close (RFC 6455 §5.5.1: the close is the last frame).</summary>
    private async Task ExpectTcpClosedAsync(string after)
    {
        RawFrame? late = await Raw.ReadFrameAsync();
        Assert.True(late is null, $"the server sent a {late?.Opcode} frame after {after} instead of closing TCP");
        Raw.CloseOwnSide();
    }

    /// <summary>The next frame, checked against the rules for server frames; fails the case when TCP ended instead.</summary>
    public async Task<RawFrame> NextFrameAsync(string expected)
    {
        RawFrame? frame = await Raw.ReadFrameAsync();
        Assert.True(frame is not null, $"expected {expected}, but the server closed the connection");
        ServerFrameRules.Check(frame);
        return frame;
    }

    public ValueTask DisposeAsync() => Raw.DisposeAsync();
}
