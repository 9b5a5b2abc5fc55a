using System.Diagnostics;
using System.Net.Sockets;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Abuse;

/// <summary>
/// Churn: thousands of clients that come and go, cleanly or cut off mid-frame, leave nothing behind: every slot
/// WaitingForClient, no socket open, managed memory back within a stated bound.
/// </summary>
[Collection(AbuseTestGroup.Name)]
public class ChurnTests(ITestOutputHelper output)
{
    private const int Workers = 4;
    private const long MemoryBound = 2L * 1024 * 1024;

    private int _busyRefusals;

    [Fact]
    public async Task Ten_thousand_connect_handshake_close_cycles_leave_nothing_behind()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = 16 });
        await RunAsync(100, _ => CycleAsync(server));
        (int socketsBefore, long managedBefore) = await BaselineAsync(server);

        var clock = Stopwatch.StartNew();
        await RunAsync(10_000, _ => CycleAsync(server));
        clock.Stop();

        await ReportAndCheckAsync(server, "10 000 connect-handshake-close cycles", clock.Elapsed, socketsBefore, managedBefore);
    }

    [Fact]
    public async Task One_thousand_connections_cut_mid_frame_leave_nothing_behind()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = 16 });
        await RunAsync(100, i => CutMidFrameAsync(server, i));
        (int socketsBefore, long managedBefore) = await BaselineAsync(server);

        var clock = Stopwatch.StartNew();
        await RunAsync(1_000, i => CutMidFrameAsync(server, i));
        clock.Stop();

        await ReportAndCheckAsync(server, "1 000 connections cut mid-frame (FIN and RST, in a header, in a payload, in a fragmented message)",
            clock.Elapsed, socketsBefore, managedBefore);
    }

    /// <summary>Opens, echoes one message, closes cleanly and waits for the server to close TCP.</summary>
    private static async Task CycleAsync(TestServer server)
    {
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);
        await client.SendAsync([.. RawClient.Frame(Opcode.Text, "hi"u8), .. RawClient.Frame(Opcode.Close, [0x03, 0xE8])]);
        Assert.Equal("hi", (await client.ReadFrameAsync())?.Text);
        Assert.Equal(Opcode.Close, (await client.ReadFrameAsync())?.Opcode);
        Assert.Null(await client.ReadFrameAsync());
    }

    /// <summary>Opens, sends part of a frame, and cuts: even <paramref name="i"/> with FIN, odd with RST; where it cuts varies with <paramref name="i"/>.</summary>
    private async Task CutMidFrameAsync(TestServer server, int i)
    {
        await using RawClient client = await OpenOrRetryWhenBusyAsync(server);
        byte[] frame = RawClient.Frame(Opcode.Binary, new byte[1000]);
        byte[] partial = (i / 2 % 3) switch
        {
            0 => frame[..3],
            1 => frame[..100],
            _ => [.. RawClient.Frame(Opcode.Text, "frag"u8, fin: false), .. frame[..50]],
        };
        await client.SendAsync(partial);
        if (i % 2 == 1)
        {
            client.Socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }
    }

    /// <summary>
    /// Opens a WebSocket; a 503 is retried. A cut client does not wait for the server to notice the cut, so with
    /// several workers every slot can briefly hold a connection that is already gone: 503 is then the right answer.
    /// </summary>
    private async Task<RawClient> OpenOrRetryWhenBusyAsync(TestServer server)
    {
        for (int attempt = 0; ; attempt++)
        {
            RawClient client = await RawClient.ConnectAsync(server.EndPoint);
            await client.SendAsync(RawClient.UpgradeRequest(server.EndPoint.Port));
            string head = await client.ReadHttpHeadAsync();
            if (head.StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal))
            {
                return client;
            }

            await client.DisposeAsync();
            Assert.StartsWith("HTTP/1.1 503 ", head);
            Assert.True(attempt < 100, "the server stayed busy");
            Interlocked.Increment(ref _busyRefusals);
            await Task.Delay(10);
        }
    }

    private static async Task RunAsync(int count, Func<int, Task> one)
    {
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await one(i);
            }
        })));
    }

    private static async Task<(int Sockets, long Managed)> BaselineAsync(TestServer server)
    {
        Assert.True(await server.AllSlotsFreeAsync());
        return (ProcessFigures.OpenSockets(), ProcessFigures.ManagedBytesAfterFullGc());
    }

    private async Task ReportAndCheckAsync(TestServer server, string what, TimeSpan elapsed, int socketsBefore, long managedBefore)
    {
        Assert.True(await server.AllSlotsFreeAsync(), "a slot did not return to WaitingForClient");

        // A socket the server closes is gone from the descriptor table at once; poll briefly for the last ones.
        await TestTimeout.Until(() => ProcessFigures.OpenSockets() <= socketsBefore, TimeSpan.FromSeconds(3));
        int socketsAfter = ProcessFigures.OpenSockets();
        long managedAfter = ProcessFigures.ManagedBytesAfterFullGc();

        output.WriteLine($"{what} with {Workers} workers in {elapsed.TotalSeconds:F1} s; {_busyRefusals} momentary 503s (retried)");
        output.WriteLine($"open sockets in the process: {socketsBefore} before, {socketsAfter} after (the listener and nothing else)");
        output.WriteLine($"managed heap: {ProcessFigures.MiB(managedBefore)} before, {ProcessFigures.MiB(managedAfter)} after " +
            $"(grew {ProcessFigures.MiB(managedAfter - managedBefore)}; bound {ProcessFigures.MiB(MemoryBound)})");
        output.WriteLine($"slots: {server.Server.AvailableSlots} free, {server.Server.ConnectedCount} connected");

        Assert.Equal(socketsBefore, socketsAfter);
        Assert.True(managedAfter - managedBefore < MemoryBound, $"managed memory grew by {ProcessFigures.MiB(managedAfter - managedBefore)}");
    }
}
