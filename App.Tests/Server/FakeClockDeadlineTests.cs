using System.Net.Sockets;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Server;

/// <summary>
/// The watchdog's keepalive and handshake deadlines on a fake clock: deadlines far longer than the test runs, so only the
/// server's TimeProvider can make them pass, and a deadline that fires early or never fails the test.
/// </summary>
public class FakeClockDeadlineTests
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PongTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(20);

    // Finer than the watchdog's tick (a quarter of the shortest deadline), so every tick gets its turn.
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    // How long real time is given for a tick's consequences (a ping written, a socket closed) to show, or not.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Silent_client_is_pinged_after_the_ping_interval_and_dropped_after_the_pong_timeout()
    {
        await using TestServer server = StartServer();
        await using RawClient client = await OpenQuietClientAsync(server);

        await AdvanceAsync(PingInterval - TimeSpan.FromSeconds(1));
        Assert.False(HasTraffic(client), "pinged before Server:PingInterval");

        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(Opcode.Ping, (await client.ReadFrameAsync())!.Opcode);

        await AdvanceAsync(PongTimeout - TimeSpan.FromSeconds(1));
        Assert.False(HasTraffic(client), "dropped before Server:PongTimeout");

        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.True(await client.ServerClosesTcpAsync());
        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Fact]
    public async Task Client_that_answers_each_ping_stays_connected_past_the_pong_timeout()
    {
        await using TestServer server = StartServer();
        await using RawClient client = await OpenQuietClientAsync(server);

        for (int ping = 0; ping < 2; ping++)
        {
            await AdvanceAsync(PingInterval + TimeSpan.FromSeconds(1));
            RawFrame? frame = await client.ReadFrameAsync();
            Assert.Equal(Opcode.Ping, frame!.Opcode);
            await client.SendFrameAsync(Opcode.Pong, frame.Payload);

            // The echo comes after the pong on the same stream: the server has taken the pong before the clock moves on.
            await EchoAsync(client, $"answered {ping}");
            await AdvanceAsync(PongTimeout + TimeSpan.FromSeconds(1));
            await EchoAsync(client, $"still here {ping}");
        }

        Assert.Equal(1, server.Server.ConnectedCount);
        Assert.Equal(server.Options.MaxClients - 1, server.Server.AvailableSlots);
    }

    [Fact]
    public async Task Handshake_that_never_completes_is_dropped_at_the_handshake_timeout()
    {
        var log = new CapturingLoggerFactory();
        await using TestServer server = StartServer(log);
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: h\r\n");

        // The deadline is armed when the slot takes the client; the clock must not move before that.
        Assert.True(await TestTimeout.Until(() => log.Lines.Any(l => l.Message.EndsWith("WaitingForClient -> Handshaking on ClientAccepted.", StringComparison.Ordinal))));
        await AdvanceAsync(HandshakeTimeout - TimeSpan.FromSeconds(1));
        Assert.False(HasTraffic(client), "dropped before Server:HandshakeTimeout");

        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.True(await client.ServerClosesTcpAsync());
        Assert.True(await server.AllSlotsFreeAsync());
    }

    private TestServer StartServer(ILoggerFactory? loggers = null) => TestServer.Start(
        TestServer.DefaultOptions with
        {
            PingInterval = PingInterval,
            PongTimeout = PongTimeout,
            HandshakeTimeout = HandshakeTimeout,
            CloseTimeout = TimeSpan.FromSeconds(30),
            SendTimeout = TimeSpan.FromSeconds(30),
        },
        loggers: loggers,
        time: _time);

    // An echo proves the connection is open and its keepalive armed before the clock moves.
    private static async Task<RawClient> OpenQuietClientAsync(TestServer server)
    {
        RawClient client = await RawClient.OpenAsync(server.EndPoint);
        await EchoAsync(client, "hello");
        return client;
    }

    private static async Task EchoAsync(RawClient client, string text)
    {
        await client.SendTextAsync(text);
        RawFrame? frame = await client.ReadFrameAsync();
        Assert.Equal(Opcode.Text, frame!.Opcode);
        Assert.Equal(text, frame.Text);
    }

    // Moves the fake clock in steps and lets the watchdog act on each before the next.
    private async Task AdvanceAsync(TimeSpan by)
    {
        for (TimeSpan moved = TimeSpan.Zero; moved < by; moved += Step)
        {
            _time.Advance(Step);
            await Task.Delay(2);
        }

        await Task.Delay(Settle);
    }

    // True when the server sent something or closed: a readable socket is either.
    private static bool HasTraffic(RawClient client) => client.Socket.Poll(TimeSpan.Zero, SelectMode.SelectRead);
}
