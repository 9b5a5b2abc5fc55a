using System.Net;
using System.Net.Sockets;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Server;

/// <summary>Allocation counters are process-wide, so this runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone
{
}

[Collection(nameof(RunsAlone))]
public class EchoAllocationTests
{
    private const int WarmUpMessages = 3_000;
    private const int MessagesPerRound = 2_000;
    private const int Rounds = 4;

    private readonly ITestOutputHelper _output;

    public EchoAllocationTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(Opcode.Text, 16)]
    [InlineData(Opcode.Text, 125)]
    [InlineData(Opcode.Binary, 1024)]
    [InlineData(Opcode.Binary, 8192)]
    public Task Echoing_a_message_allocates_nothing_in_steady_state(Opcode opcode, int size) => MeasureAsync(opcode, size, inFlight: 1);

    [Theory]
    [InlineData(Opcode.Text, 32, 8)]
    [InlineData(Opcode.Binary, 300, 16)]
    public Task Echoing_pipelined_messages_in_one_gathered_write_allocates_nothing_in_steady_state(Opcode opcode, int size, int inFlight) =>
        MeasureAsync(opcode, size, inFlight);

    private async Task MeasureAsync(Opcode opcode, int size, int inFlight)
    {
        await using TestServer server = TestServer.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.ReceiveTimeout = socket.SendTimeout = (int)TestTimeout.Default.TotalMilliseconds;
        socket.Connect(new IPEndPoint(IPAddress.Loopback, server.EndPoint.Port));
        Handshake(socket, server.EndPoint.Port);

        byte[] payload = new byte[size];
        Array.Fill(payload, (byte)'x');
        // Several frames in one write arrive in one receive: their echoes go back in one gathered write.
        byte[] frame = Enumerable.Repeat(RawClient.Frame(opcode, payload), inFlight).SelectMany(f => f).ToArray();
        byte[] echo = new byte[(FrameWriter.HeaderLength(size) + size) * inFlight];

        // The client is synchronous, on its own thread, and reuses its buffers: what is allocated is the server's,
        // plus the test host's own occasional work, which the best of several rounds leaves out.
        await OwnThread.RunAsync(() => RoundTrips(socket, frame, echo, WarmUpMessages));
        var rounds = new long[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await OwnThread.RunAsync(() => RoundTrips(socket, frame, echo, MessagesPerRound));
            rounds[round] = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        // Written after measuring: the test host's handling of output allocates too.
        _output.WriteLine($"{opcode} {size} B x {inFlight} in flight: bytes allocated per round of {MessagesPerRound} writes: {string.Join(", ", rounds)}");
        long best = rounds.Min();

        // The thread handing the client its work costs a few hundred bytes a round; one allocation per message
        // would already be 2 000 × 24 bytes.
        Assert.True(best < 2_048, $"{best} bytes allocated over {MessagesPerRound * inFlight} echoes in the best round");
    }

    private static void Handshake(Socket socket, int port)
    {
        socket.Send(System.Text.Encoding.ASCII.GetBytes(RawClient.UpgradeRequest(port)));
        byte[] head = new byte[1024];
        int received = 0;
        while (HttpHead.FindEnd(head.AsSpan(0, received)) < 0)
        {
            received += socket.Receive(head, received, head.Length - received, SocketFlags.None);
        }
    }

    private static void RoundTrips(Socket socket, byte[] frame, byte[] echo, int count)
    {
        for (int i = 0; i < count; i++)
        {
            socket.Send(frame);
            int received = 0;
            while (received < echo.Length)
            {
                int n = socket.Receive(echo, received, echo.Length - received, SocketFlags.None);
                Assert.True(n > 0, "the server closed the connection");
                received += n;
            }
        }
    }
}
