using System.Diagnostics;
using EspWs.App.Server;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Abuse;

/// <summary>Slowloris: clients that hold slots by never finishing their request are dropped at HandshakeTimeout, and never make a good client hang.</summary>
[Collection(AbuseTestGroup.Name)]
public class SlowlorisTests(ITestOutputHelper output)
{
    private const int Slots = 8;

    [Fact]
    public async Task Silent_and_trickling_clients_are_dropped_at_the_handshake_timeout()
    {
        TimeSpan timeout = TimeSpan.FromMilliseconds(500);
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = Slots, HandshakeTimeout = timeout });

        // Half never send a byte; half trickle a request head one byte every 50 ms and would never finish it.
        Task<long>[] holders = Enumerable.Range(0, Slots).Select(i => HoldUntilDroppedAsync(server, trickle: i % 2 == 1)).ToArray();
        long[] droppedAfterMs = await Task.WhenAll(holders);

        output.WriteLine($"HandshakeTimeout {timeout.TotalMilliseconds} ms; {Slots} slowloris clients dropped after " +
            $"{droppedAfterMs.Min()}-{droppedAfterMs.Max()} ms (silent: {string.Join(", ", droppedAfterMs.Where((_, i) => i % 2 == 0))}; " +
            $"trickling: {string.Join(", ", droppedAfterMs.Where((_, i) => i % 2 == 1))})");
        Assert.All(droppedAfterMs, ms => Assert.InRange(ms, 400, 3000));
        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Fact]
    public async Task Good_client_is_answered_at_once_while_slowloris_clients_hold_every_slot()
    {
        // A long handshake timeout, so a good client left waiting for a slot would wait seconds and show it.
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = Slots, HandshakeTimeout = TimeSpan.FromSeconds(8) });
        var holders = new List<RawClient>();
        try
        {
            for (int i = 0; i < Slots; i++)
            {
                RawClient holder = await RawClient.ConnectAsync(server.EndPoint);
                await holder.SendAsync("GET / HTTP/1.1\r\nHost: slow");
                holders.Add(holder);
            }

            Assert.True(await TestTimeout.Until(() => server.Server.AvailableSlots == 0));
            var latencies = new List<long>();
            for (int i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                await using RawClient good = await RawClient.ConnectAsync(server.EndPoint);
                await good.SendAsync(RawClient.UpgradeRequest(server.EndPoint.Port));
                string response = await good.ReadHttpHeadAsync();
                latencies.Add(clock.ElapsedMilliseconds);
                Assert.StartsWith("HTTP/1.1 503 ", response);
            }

            latencies.Sort();
            output.WriteLine($"{Slots} slots held by slowloris clients; 20 good clients refused with 503 in " +
                $"{latencies[0]}-{latencies[^1]} ms (median {latencies[10]} ms); the handshake timeout is 8000 ms");
            Assert.All(latencies, ms => Assert.True(ms < 2000, $"a good client waited {ms} ms for its 503"));
        }
        finally
        {
            foreach (RawClient holder in holders)
            {
                await holder.DisposeAsync();
            }
        }
    }

    /// <summary>Connects and holds the slot (silent, or trickling bytes); returns how long until the server closed TCP.</summary>
    private static async Task<long> HoldUntilDroppedAsync(TestServer server, bool trickle)
    {
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);
        var clock = Stopwatch.StartNew();
        Task<bool> closed = client.ServerClosesTcpAsync();
        if (trickle)
        {
            byte[] head = "GET / HTTP/1.1\r\nHost: slow\r\nX-Never-Ending: "u8.ToArray();
            for (int i = 0; !closed.IsCompleted && clock.ElapsedMilliseconds < 5000; i++)
            {
                if (!await client.TrySendAsync([head[i % head.Length]]))
                {
                    break;
                }

                await Task.WhenAny(closed, Task.Delay(50));
            }
        }

        Assert.True(await closed, "the server never dropped the slowloris client");
        return clock.ElapsedMilliseconds;
    }
}
