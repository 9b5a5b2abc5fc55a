using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Server;

/// <summary>
/// The fan-out path (a broadcast queued to every client, sent by a thread-pool work item a client) in steady state;
/// allocation counters are process-wide, so this runs alone, after the parallel tests.
/// </summary>
[Collection(nameof(RunsAlone))]
public class BroadcastAllocationTests
{
    private const int Clients = 8;
    private const int WarmUpBroadcasts = 2_000;
    private const int BroadcastsPerRound = 2_000;
    private const int Rounds = 4;

    private static readonly byte[] StateFrame = ServerFrames.Text("{\"type\":\"led\",\"on\":true,\"seq\":1}"u8);

    private readonly ITestOutputHelper _output;

    public BroadcastAllocationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Broadcasting_to_connected_clients_allocates_nothing_in_steady_state()
    {
        await using TestServer server = TestServer.Start();
        var sockets = new Socket[Clients];
        try
        {
            for (int i = 0; i < Clients; i++)
            {
                sockets[i] = Connect(server.EndPoint.Port);
            }

            Assert.True(await TestTimeout.Until(() => server.Server.ConnectedCount == Clients));
            byte[] received = new byte[StateFrame.Length];
            await OwnThread.RunAsync(() => Broadcasts(server.Server, sockets, received, WarmUpBroadcasts));
            var rounds = new long[Rounds];
            var clock = new Stopwatch();
            for (int round = 0; round < Rounds; round++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                clock.Start();
                await OwnThread.RunAsync(() => Broadcasts(server.Server, sockets, received, BroadcastsPerRound));
                clock.Stop();
                rounds[round] = GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            _output.WriteLine($"{Clients} clients: bytes allocated per round of {BroadcastsPerRound} broadcasts: {string.Join(", ", rounds)}; " +
                $"{clock.Elapsed.TotalMicroseconds / (Rounds * BroadcastsPerRound):0.0} µs a broadcast until every client read it");

            // One allocation per queued frame would already be 2 000 × 8 × 24 bytes.
            Assert.True(rounds.Min() < 2_048, $"{rounds.Min()} bytes allocated over {BroadcastsPerRound} broadcasts to {Clients} clients in the best round");
        }
        finally
        {
            foreach (Socket? socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }

    private static Socket Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.ReceiveTimeout = socket.SendTimeout = (int)TestTimeout.Default.TotalMilliseconds;
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        socket.Send(System.Text.Encoding.ASCII.GetBytes(RawClient.UpgradeRequest(port)));
        byte[] head = new byte[1024];
        int received = 0;
        while (HttpHead.FindEnd(head.AsSpan(0, received)) < 0)
        {
            received += socket.Receive(head, received, head.Length - received, SocketFlags.None);
        }

        Assert.Equal(HttpHead.FindEnd(head.AsSpan(0, received)), received);
        return socket;
    }

    // Each broadcast is read by every client before the next, so no queue ever holds more than one frame.
    private static void Broadcasts(WebSocketServer server, Socket[] sockets, byte[] frame, int count)
    {
        for (int i = 0; i < count; i++)
        {
            // Assert.True, not Assert.Equal, which boxes its arguments: the test must not allocate what it measures.
            Assert.True(server.Broadcast(StateFrame) == sockets.Length, "a client did not take the broadcast");
            foreach (Socket socket in sockets)
            {
                int received = 0;
                while (received < frame.Length)
                {
                    int n = socket.Receive(frame, received, frame.Length - received, SocketFlags.None);
                    Assert.True(n > 0, "the server closed the connection");
                    received += n;
                }
            }
        }
    }
}
