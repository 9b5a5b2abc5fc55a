using System.Diagnostics;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Abuse;

/// <summary>
/// A client that never reads fills only its own bounded queue (docs/protocol.md "A slow client"): the server asks it
/// to close with 1008 and drops it after CloseTimeout (or SendTimeout when a write of its own is what blocks), while
/// every other client keeps receiving every state.
/// </summary>
[Collection(AbuseTestGroup.Name)]
public class NonReadingClientTests(ITestOutputHelper output)
{
    private const int QueueLength = 16;
    private const int Batch = 50;
    private const int MaxToggles = 200_000;
    private const int TogglesWhileClosing = 1_000;
    private const int LargeMessageBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How the slow client behaves.</summary>
    public enum Behaviour
    {
        /// <summary>It only receives state broadcasts and never reads: they pile up in the kernel's buffers, then in its queue.</summary>
        NeverReads,

        /// <summary>It first sends a 4 MiB message and never reads the echo, so its own echo blocks its slot at once.</summary>
        NeverReadsItsEcho,

        /// <summary>It stops reading until its queue is full, then reads again: it must then see the server's close with 1008.</summary>
        ReadsAgainOnceFull,
    }

    [Theory]
    [InlineData(Behaviour.NeverReads)]
    [InlineData(Behaviour.NeverReadsItsEcho)]
    [InlineData(Behaviour.ReadsAgainOnceFull)]
    public async Task Slow_client_is_closed_and_the_others_get_every_state_meanwhile(Behaviour behaviour)
    {
        TimeSpan sendTimeout = TimeSpan.FromSeconds(behaviour == Behaviour.NeverReadsItsEcho ? 5 : 10);
        var log = new WarningLog();
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with
        {
            SendQueueLength = QueueLength,
            SendTimeout = sendTimeout,
            CloseTimeout = CloseTimeout,
        }, log);

        // A tiny receive window, so the kernel buffers in front of the slow client fill as early as they can.
        await using RawClient stuck = await RawClient.OpenAsync(server.EndPoint, receiveBufferBytes: 1024);
        await using RawClient observer = await RawClient.OpenAsync(server.EndPoint);
        await using RawClient driver = await RawClient.OpenAsync(server.EndPoint);
        Assert.True(await TestTimeout.Until(() => server.Server.ConnectedCount == 3));
        if (behaviour == Behaviour.NeverReadsItsEcho)
        {
            await stuck.SendFrameAsync(Opcode.Binary, new byte[LargeMessageBytes]);
        }

        var clock = Stopwatch.StartNew();
        var watch = new StateWatcher(observer, clock, MaxToggles + TogglesWhileClosing);
        long managedBefore = ProcessFigures.ManagedBytesAfterFullGc();
        Task watching = Task.Run(watch.RunAsync);
        Task draining = Task.Run(driver.ServerClosesTcpAsync);

        int sent = 0;
        while (sent < MaxToggles && !log.Contains("send queue"))
        {
            sent = await SendTogglesAsync(driver, sent, watch);
        }

        Assert.True(log.Contains("send queue"), $"{sent} broadcasts never filled the slow client's queue");
        long stuckAtMs = clock.ElapsedMilliseconds;
        int stuckAtState = sent;
        Task<(int Frames, ushort? CloseCode)> stuckReading = behaviour == Behaviour.ReadsAgainOnceFull
            ? Task.Run(() => ReadWhatTheSlowClientGotAsync(stuck))
            : Task.FromResult((0, (ushort?)null));
        Assert.True(await TestTimeout.Until(() => watch.Received == sent), "the observer fell behind");
        long managedAtPeak = ProcessFigures.ManagedBytesAfterFullGc();

        // Broadcasts go on while the slow client is being closed; the observer must get them all before its slot is freed.
        while (sent < stuckAtState + TogglesWhileClosing)
        {
            sent = await SendTogglesAsync(driver, sent, watch);
        }

        watch.ExpectLast(sent);
        await watching.WaitAsync(TestTimeout.Default);
        bool stuckStillHeldItsSlot = server.Options.MaxClients - server.Server.AvailableSlots == 3;
        Assert.True(await TestTimeout.Until(() => server.Options.MaxClients - server.Server.AvailableSlots == 2));
        long freedAtMs = clock.ElapsedMilliseconds;
        long managedAfter = ProcessFigures.ManagedBytesAfterFullGc();
        (int framesToStuck, ushort? closeCode) = behaviour == Behaviour.ReadsAgainOnceFull
            ? await stuckReading.WaitAsync(TestTimeout.Default)
            : await ReadWhatTheSlowClientGotAsync(stuck);

        output.WriteLine($"SendQueueLength {QueueLength}, SendTimeout {sendTimeout.TotalSeconds} s, CloseTimeout {CloseTimeout.TotalSeconds} s, slow client: {behaviour}");
        output.WriteLine($"its queue filled after {stuckAtState} state broadcasts ({stuckAtMs} ms); it got {framesToStuck} frames, then " +
            (closeCode is { } code ? $"a close with {code}" : "TCP closed without a close frame"));
        output.WriteLine($"its slot was freed {freedAtMs - stuckAtMs} ms after its queue filled");
        output.WriteLine($"observer: all {watch.Received} states in order; latency max {watch.MaxLatencyMs(1, stuckAtState)} ms before the queue filled, " +
            $"{watch.MaxLatencyMs(stuckAtState + 1, sent)} ms after; all {TogglesWhileClosing} later states arrived while the slow client still held its slot: {stuckStillHeldItsSlot}");
        output.WriteLine($"managed heap: before {ProcessFigures.MiB(managedBefore)}, with the queue full {ProcessFigures.MiB(managedAtPeak)}, after {ProcessFigures.MiB(managedAfter)}");

        Assert.False(watch.Stopped);
        if (behaviour == Behaviour.ReadsAgainOnceFull)
        {
            Assert.True(closeCode == 1008, $"the slow client that read again got {closeCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no close frame"}, not 1008");
        }
        else
        {
            Assert.True(stuckStillHeldItsSlot, "the others' states waited until the slow client was gone");
        }

        // A broadcast that waited for the slow client would wait until it was dropped, SendTimeout at the least.
        Assert.True(watch.MaxLatencyMs(1, sent) < sendTimeout.TotalMilliseconds / 2, $"a state reached the observer {watch.MaxLatencyMs(1, sent)} ms late");
        Assert.True(freedAtMs - stuckAtMs < (sendTimeout + CloseTimeout + TimeSpan.FromSeconds(3)).TotalMilliseconds, "the slow client was not dropped at its timeout");
        Assert.True(closeCode is null or 1008, $"the slow client was closed with {closeCode}");
        // The bound: 4 MiB, plus, when the slow client's own 4 MiB message is stuck in its echo, that message's pooled
        // buffer (rounded up to 8 MiB) and the smaller pooled arrays it grew through (less than 8 MiB in all).
        long bound = (behaviour == Behaviour.NeverReadsItsEcho ? 20L : 4L) * 1024 * 1024;
        Assert.True(managedAtPeak - managedBefore < bound, $"managed memory grew by {ProcessFigures.MiB(managedAtPeak - managedBefore)}, over {ProcessFigures.MiB(bound)}");
        await driver.DisposeAsync();
        await draining;
    }

    /// <summary>Sends a batch of TOGGLE commands in one write, once the observer is at most a few batches behind, so latency measures the server and not a backlog in the test's own socket.</summary>
    private static async Task<int> SendTogglesAsync(RawClient driver, int sent, StateWatcher watch)
    {
        Assert.True(await TestTimeout.Until(() => watch.Received >= sent - (4 * Batch) || watch.Stopped), "the observer stopped receiving states");
        byte[] toggle = RawClient.Frame(Opcode.Text, "TOGGLE"u8);
        for (int i = 1; i <= Batch; i++)
        {
            watch.Sent(sent + i);
        }

        await driver.SendAsync(Enumerable.Repeat(toggle, Batch).SelectMany(f => f).ToArray());
        return sent + Batch;
    }

    private static async Task<(int Frames, ushort? CloseCode)> ReadWhatTheSlowClientGotAsync(RawClient stuck)
    {
        int frames = 0;
        while (await stuck.ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == Opcode.Close)
            {
                // Answer it, as a well-behaved client does, so the server can finish the closing handshake.
                await stuck.TrySendAsync(RawClient.Frame(Opcode.Close, frame.Payload.AsSpan(0, Math.Min(2, frame.Payload.Length))));
                return (frames, frame.CloseCode);
            }

            frames++;
        }

        return (frames, null);
    }
}
