using System.Text;
using EspWs.App.Configuration;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Server.Transport;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Server;

/// <summary>
/// Every edge of the connection lifecycle (docs/state-machine.md), each driven by what a real client does over
/// loopback, read from the Debug line the connection logs for each transition, and checked by what the client sees.
/// </summary>
public class ConnectionLifecycleTests
{
    private static readonly ServerSettings Options = TestServer.DefaultOptions with { MaxClients = 4 };

    [Fact]
    public async Task Valid_upgrade_takes_the_client_from_handshaking_to_connected()
    {
        await using Served served = Served.Start(Options);
        await using RawClient client = await RawClient.OpenAsync(served.EndPoint);

        Assert.True(await served.TookAsync("WaitingForClient -> Handshaking on ClientAccepted"));
        Assert.True(await served.TookAsync("Handshaking -> Connected on HandshakeAccepted"));
        Assert.Equal(1, served.Server.ConnectedCount);
    }

    public static TheoryData<string, string, string> HandshakeEndings => new()
    {
        { "refused", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n", "HandshakeRefused" },
        { "served", "GET / HTTP/1.1\r\nHost: h\r\n\r\n", "HttpRequestServed" },
        { "faulted", "GET /boom HTTP/1.1\r\nHost: h\r\n\r\n", "Faulted" },
        { "timed out", "GET / HTTP/1.1\r\nHost: h\r\n", "HandshakeTimedOut" },
        { "peer gone", "GET / HTTP/1.1\r\nHost: h\r\n", "PeerGone" },
    };

    [Theory]
    [MemberData(nameof(HandshakeEndings))]
    public async Task Handshake_that_does_not_open_gives_the_slot_back(string ending, string request, string trigger)
    {
        await using Served served = Served.Start(Options with { HandshakeTimeout = TimeSpan.FromMilliseconds(ending == "timed out" ? 300 : 5000) });
        await using RawClient client = await RawClient.ConnectAsync(served.EndPoint);
        await client.SendAsync(request);
        if (ending == "peer gone")
        {
            Assert.True(await served.TookAsync("WaitingForClient -> Handshaking on ClientAccepted"));
            client.CloseOwnSide();
        }

        string answer = ending == "peer gone" ? "" : await client.ReadToEndAsync();

        Assert.True(await served.TookAsync($"Handshaking -> WaitingForClient on {trigger}"));
        Assert.True(await served.AllSlotsFreeAsync());
        switch (ending)
        {
            case "refused":
                Assert.StartsWith("HTTP/1.1 426 ", answer);
                Assert.Equal(1, served.Server.Counters.Refused(426));
                break;
            case "served":
                Assert.StartsWith("HTTP/1.1 200 ", answer);
                break;
            case "faulted":
                Assert.Contains(served.Log.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("unexpected error answering", StringComparison.Ordinal));
                break;
        }
    }

    public static TheoryData<string, ushort> ClosesFromConnected => new()
    {
        { "CloseReceived", 1000 },
        { "CloseRequested", 1001 },
        { "ProtocolViolated", 1002 },
        { "Faulted", 1011 },
    };

    [Theory]
    [MemberData(nameof(ClosesFromConnected))]
    public async Task Close_from_connected_sends_its_code_and_ends_when_the_peer_answers(string trigger, ushort code)
    {
        await using Served served = Served.Start(Options);
        await using RawClient client = await RawClient.OpenAsync(served.EndPoint);
        Task stopping = Task.CompletedTask;
        switch (trigger)
        {
            case "CloseReceived":
                await client.SendCloseAsync(1000);
                break;
            case "CloseRequested":
                Assert.True(await served.TookAsync("Handshaking -> Connected on HandshakeAccepted"));
                stopping = served.Server.StopAsync();
                break;
            case "ProtocolViolated":
                await client.SendFrameAsync((Opcode)3, []);
                break;
            default:
                await client.SendTextAsync("BOOM");
                break;
        }

        RawFrame? close = await client.ReadUntilCloseAsync();
        if (trigger is "CloseRequested" or "Faulted")
        {
            // The server started the close: it waits for the client's close frame before it ends TCP.
            await client.SendCloseAsync(code);
        }

        Assert.Equal(code, close?.CloseCode);
        Assert.True(await client.ServerClosesTcpAsync());
        Assert.True(await served.TookAsync($"Connected -> Closing on {trigger}"));
        Assert.True(await served.TookAsync("Closing -> WaitingForClient on Closed"));
        Assert.True(await served.AllSlotsFreeAsync());
        Assert.Equal(1, served.Server.Counters.CloseSent(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await stopping;
    }

    [Fact]
    public async Task Client_that_drops_tcp_while_connected_is_released_without_a_close()
    {
        await using Served served = Served.Start(Options);
        await using RawClient client = await RawClient.OpenAsync(served.EndPoint);
        Assert.True(await served.TookAsync("Handshaking -> Connected on HandshakeAccepted"));

        client.CloseOwnSide();

        Assert.True(await served.TookAsync("Connected -> WaitingForClient on PeerGone"));
        Assert.True(await served.AllSlotsFreeAsync());
        Assert.Equal(0, served.Server.ConnectedCount);
    }

    [Fact]
    public async Task Client_that_never_answers_the_close_is_cut_at_the_close_timeout()
    {
        await using Served served = Served.Start(Options with { CloseTimeout = TimeSpan.FromMilliseconds(300) });
        await using RawClient client = await RawClient.OpenAsync(served.EndPoint);
        Assert.True(await served.TookAsync("Handshaking -> Connected on HandshakeAccepted"));

        Task stopping = served.Server.StopAsync();
        RawFrame? close = await client.ReadUntilCloseAsync();

        Assert.Equal((ushort)1001, close?.CloseCode);
        Assert.True(await served.TookAsync("Closing -> WaitingForClient on PeerGone"));
        Assert.True(await served.AllSlotsFreeAsync());
        await stopping;
    }

    [Fact]
    public async Task Failure_while_closing_ends_the_connection_on_faulted_and_gives_the_slot_back()
    {
        await using Served served = Served.Start(Options, new FaultyTransports(failShutdown: true));
        await using RawClient client = await RawClient.OpenAsync(served.EndPoint);

        await client.SendCloseAsync(1000);

        Assert.True(await served.TookAsync("Connected -> Closing on CloseReceived"));
        Assert.True(await served.TookAsync("Closing -> WaitingForClient on Faulted"));
        Assert.True(await served.AllSlotsFreeAsync());
        Assert.Contains(served.Log.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("unexpected error closing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Release_action_that_fails_is_logged_once_and_the_slot_is_free_again()
    {
        await using Served served = Served.Start(Options, new FaultyTransports(failClose: true));
        await using RawClient client = await RawClient.OpenAsync(served.EndPoint);
        Assert.True(await served.TookAsync("Handshaking -> Connected on HandshakeAccepted"));

        client.CloseOwnSide();

        Assert.True(await served.TookAsync("Connected -> WaitingForClient on PeerGone"));
        Assert.True(await served.AllSlotsFreeAsync());
        Assert.True(await TestTimeout.Until(() => served.Log.Lines.Any(l => l.Level == LogLevel.Error)));
        var errors = served.Log.Lines.Where(l => l.Level == LogLevel.Error).ToList();
        Assert.Single(errors);
        Assert.Contains("giving the connection's resources back failed", errors[0].Message, StringComparison.Ordinal);

        // The server goes on serving.
        await using RawClient next = await RawClient.OpenAsync(served.EndPoint);
        Assert.Equal(1, served.Server.ConnectedCount);
    }

    /// <summary>Plain transports that break their contract where a test asks: shutting down, or closing.</summary>
    private sealed class FaultyTransports(bool failShutdown = false, bool failClose = false) : IConnectionTransportFactory
    {
        public async ValueTask<IConnectionTransport> CreateAsync(System.Net.Sockets.Socket socket, CancellationToken cancellationToken) =>
            new Faulty(await PlainTransportFactory.Instance.CreateAsync(socket, cancellationToken), failShutdown, failClose);

        private sealed class Faulty(IConnectionTransport inner, bool failShutdown, bool failClose) : IConnectionTransport
        {
            public System.Net.EndPoint? RemoteEndPoint => inner.RemoteEndPoint;

            public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) => inner.ReceiveAsync(buffer, cancellationToken);

            public ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => inner.SendAsync(bytes, cancellationToken);

            public ValueTask ShutdownSendAsync(CancellationToken cancellationToken) =>
                failShutdown ? throw new InvalidOperationException("injected fault") : inner.ShutdownSendAsync(cancellationToken);

            public void Close()
            {
                inner.Close();
                if (failClose)
                {
                    throw new InvalidOperationException("injected fault");
                }
            }
        }
    }

    /// <summary>A bare server (no LED) whose handler throws on BOOM and whose page throws on /boom, with its log kept.</summary>
    private sealed class Served : IAsyncDisposable, IMessageHandler, IHttpEndpoint
    {
        private readonly int _maxClients;

        private Served(ServerSettings options, IConnectionTransportFactory transports)
        {
            _maxClients = options.MaxClients;
            Server = new WebSocketServer(options, new SecuritySettings(), transports, _ => this, this, Log);
            Server.Start();
        }

        public CapturingLoggerFactory Log { get; } = new();

        public WebSocketServer Server { get; }

        public System.Net.IPEndPoint EndPoint => Server.LocalEndPoint;

        public static Served Start(ServerSettings options, IConnectionTransportFactory? transports = null) =>
            new(options, transports ?? PlainTransportFactory.Instance);

        public Task<bool> TookAsync(string edge) =>
            TestTimeout.Until(() => Log.Lines.Any(l => l.Level == LogLevel.Debug && l.Message.EndsWith($"{edge}.", StringComparison.Ordinal)));

        public Task<bool> AllSlotsFreeAsync() => TestTimeout.Until(() => Server.AvailableSlots == _maxClients);

        public void OnMessage(IClientConnection client, Opcode opcode, ReadOnlySpan<byte> payload)
        {
            if (payload.SequenceEqual("BOOM"u8))
            {
                throw new InvalidOperationException("injected fault");
            }
        }

        public byte[] Respond(HandshakeResult request) => request.Path == "/boom"
            ? throw new InvalidOperationException("injected fault")
            : Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
