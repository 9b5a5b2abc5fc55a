using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Server;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Tls;

/// <summary>
/// Bytes the server allocates per echoed message over TLS, as EchoAllocationTests measures them over TCP. The client
/// runs on a thread of its own, whose allocations (its own SslStream's) are counted apart and left out.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class TlsEchoAllocationTests(ITestOutputHelper output) : IDisposable
{
    private const int WarmUpMessages = 3_000;
    private const int MessagesPerRound = 2_000;
    private const int Rounds = 4;
    private const int MaxBytesPerMessage = 64;

    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Theory]
    [InlineData(Opcode.Text, 16)]
    [InlineData(Opcode.Text, 125)]
    [InlineData(Opcode.Binary, 1024)]
    [InlineData(Opcode.Binary, 8192)]
    public async Task Echo_over_tls_allocates_per_message_only_what_sslstream_itself_does(Opcode opcode, int size)
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.ReceiveTimeout = socket.SendTimeout = (int)TestTimeout.Default.TotalMilliseconds;
        socket.Connect(new IPEndPoint(IPAddress.Loopback, server.EndPoint.Port));
        using var tls = new SslStream(new NetworkStream(socket));
        tls.AuthenticateAsClient(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls13,
            RemoteCertificateValidationCallback = _certificate.Pinned,
        });
        Handshake(tls, server.EndPoint.Port);

        byte[] payload = new byte[size];
        Array.Fill(payload, (byte)'x');
        byte[] frame = RawClient.Frame(opcode, payload);
        byte[] echo = new byte[FrameWriter.HeaderLength(size) + size];

        await OwnThread.RunAsync(() => RoundTrips(tls, frame, echo, WarmUpMessages));
        var rounds = new long[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long client = await OwnThread.RunAsync(() => RoundTrips(tls, frame, echo, MessagesPerRound));
            rounds[round] = GC.GetTotalAllocatedBytes(precise: true) - before - client;
        }

        long best = rounds.Min();
        output.WriteLine($"TLS 1.3 {opcode} {size} B: server bytes allocated per round of {MessagesPerRound} echoes: {string.Join(", ", rounds)}; " +
            $"best {best / (double)MessagesPerRound:F1} B per message");

        // Over TCP the server allocates nothing per echo (EchoAllocationTests). Over TLS, SslStream rents a record buffer
        // from ArrayPool.Shared for each read and write and returns it on another thread, so the pool now and then
        // hands out a new array: a few bytes per message on average (docs/architecture.md). A buffer per message would be kilobytes.
        Assert.True(best / MessagesPerRound < MaxBytesPerMessage, $"{best} bytes allocated over {MessagesPerRound} echoes in the best round");
    }

    public void Dispose() => _certificate.Dispose();

    private static void Handshake(SslStream tls, int port)
    {
        tls.Write(System.Text.Encoding.ASCII.GetBytes(RawClient.UpgradeRequest(port)));
        byte[] head = new byte[1024];
        int received = 0;
        while (HttpHead.FindEnd(head.AsSpan(0, received)) < 0)
        {
            received += tls.Read(head, received, head.Length - received);
        }
    }

    private static void RoundTrips(SslStream tls, byte[] frame, byte[] echo, int count)
    {
        for (int i = 0; i < count; i++)
        {
            tls.Write(frame);
            int received = 0;
            while (received < echo.Length)
            {
                int n = tls.Read(echo, received, echo.Length - received);
                Assert.True(n > 0, "the server closed the connection");
                received += n;
            }
        }
    }
}
