using System.Net;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Abuse;

/// <summary>
/// Clients that announce large messages cannot take more memory than Server:MaxBufferedBytes: a message that does not
/// fit (in the budget, or in its address's quarter of it) is not read (TCP holds its sender back), and everyone else is
/// still served.
/// </summary>
[Collection(AbuseTestGroup.Name)]
public class MessageBudgetTests(ITestOutputHelper output)
{
    private const int Attackers = 16;
    private const int Addresses = 4;
    private const int Announced = 4 * 1024 * 1024;
    private const int Streamed = Announced - (256 * 1024);
    private const int Chunk = 64 * 1024;
    private const int Budget = 48 * 1024 * 1024;

    // What the heap may hold beyond the budget: the pool's spare arrays, receive buffers, the test's own buffers.
    private const long Margin = 24L * 1024 * 1024;

    // What resident memory may grow beyond the budget: the heap's margin, plus segments the GC keeps committed after it
    // frees them, the kernel's socket buffers charged to nobody here, and the thread stacks of the test's own clients.
    private const long ResidentMargin = 32L * 1024 * 1024;

    // Other loopback addresses (all of 127.0.0.0/8 is loopback on Linux): the attackers' 127.0.0.2-5, and one beside them.
    private static readonly IPAddress BystanderAddress = IPAddress.Parse("127.0.0.6");

    [Fact]
    public async Task Clients_streaming_large_messages_stay_within_the_budget_while_another_is_echoed()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with
        {
            MaxClients = Attackers + 4,
            MaxMessageBytes = Announced,
            MaxBufferedBytes = Budget,
            MaxConnectionsPerAddress = Attackers,
        });
        long before = ProcessFigures.ManagedBytesAfterFullGc();
        long residentBefore = ProcessFigures.ResidentBytes();
        using var stop = new CancellationTokenSource();
        var attackers = new List<RawClient>();
        var streams = new List<Task>();
        for (int i = 0; i < Attackers; i++)
        {
            RawClient attacker = await RawClient.OpenAsync(server.EndPoint, from: IPAddress.Parse($"127.0.0.{2 + (i % Addresses)}"));
            attackers.Add(attacker);
            streams.Add(Task.Run(() => StreamAsync(attacker, stop.Token)));
        }

        // Opened once the attackers fill their address: the server must still let another address in.
        await using RawClient bystander = await RawClient.OpenAsync(server.EndPoint, from: BystanderAddress);
        long peakInUse = 0;
        long peakHeap = 0;
        long peakResident = 0;
        for (int round = 0; round < 10; round++)
        {
            await Task.Delay(200);
            await bystander.SendTextAsync($"still here {round}");
            Assert.Equal($"still here {round}", (await bystander.ReadFrameAsync())!.Text);
            peakInUse = Math.Max(peakInUse, server.Server.Budget.InUse);
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            peakResident = Math.Max(peakResident, ProcessFigures.ResidentBytes());
        }

        long settled = ProcessFigures.ManagedBytesAfterFullGc();
        output.WriteLine($"budget {ProcessFigures.MiB(Budget)}: peak in use {ProcessFigures.MiB(peakInUse)}; managed heap before " +
            $"{ProcessFigures.MiB(before)}, peak {ProcessFigures.MiB(peakHeap)}, under attack after a full GC {ProcessFigures.MiB(settled)}; " +
            $"resident before {ProcessFigures.MiB(residentBefore)}, peak {ProcessFigures.MiB(peakResident)}, " +
            $"growth {ProcessFigures.MiB(peakResident - residentBefore)} (allowed {ProcessFigures.MiB(Budget + ResidentMargin)})");
        Assert.InRange(peakInUse, 1, Budget);
        Assert.True(settled - before < Budget + Margin, $"the heap grew by {ProcessFigures.MiB(settled - before)}");
        Assert.True(peakResident - residentBefore < Budget + ResidentMargin,
            $"resident memory grew by {ProcessFigures.MiB(peakResident - residentBefore)}");

        await stop.CancelAsync();
        foreach (RawClient attacker in attackers)
        {
            await attacker.DisposeAsync();
        }

        await Task.WhenAll(streams).WaitAsync(TestTimeout.Default);
    }

    private static async Task StreamAsync(RawClient attacker, CancellationToken stop)
    {
        byte[] header = new byte[FrameWriter.MaxHeaderLength];
        int headerLength = FrameWriter.WriteMaskedHeader(header, Opcode.Binary, fin: true, Announced, 0x0A0B0C0D);
        byte[] chunk = new byte[Chunk];
        try
        {
            await attacker.SendAsync(header[..headerLength]);
            for (int sent = 0; sent < Streamed && !stop.IsCancellationRequested; sent += Chunk)
            {
                // A client held back by TCP waits here; the test ends it by closing the socket.
                await attacker.SendAsync(chunk).WaitAsync(stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException or IOException)
        {
            // Cut off by the test's end.
        }
    }
}
