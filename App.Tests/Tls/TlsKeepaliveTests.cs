using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Tls;

/// <summary>
/// Keepalive and broadcasts over TLS: the connection's idle wait is an empty read of the SslStream, which the
/// server interrupts to ping or to send, so the stream must come through those interruptions whole.
/// </summary>
public sealed class TlsKeepaliveTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Fact]
    public async Task Idle_tls_client_is_pinged_gets_broadcasts_and_stays_connected()
    {
        var options = TestServer.DefaultOptions with { PingInterval = TimeSpan.FromMilliseconds(200), PongTimeout = TimeSpan.FromMilliseconds(500) };
        await using TestServer server = TestServer.Start(options, tls: _certificate);
        await using RawClient idle = await RawClient.OpenAsync(server.EndPoint, _certificate);
        await using RawClient other = await RawClient.OpenAsync(server.EndPoint, _certificate);

        for (int i = 0; i < 3; i++)
        {
            RawFrame? ping = await idle.ReadFrameAsync();
            Assert.Equal(Opcode.Ping, ping!.Opcode);
            await idle.SendFrameAsync(Opcode.Pong, ping.Payload);
        }

        await other.SendTextAsync("ON");
        RawFrame state = await NextDataFrameAsync(idle);
        await idle.SendTextAsync("alive");
        RawFrame echo = await NextDataFrameAsync(idle);

        Assert.Equal("""{"type":"led","on":true,"seq":1}""", state.Text);
        Assert.Equal("alive", echo.Text);
    }

    [Fact]
    public async Task Tls_client_that_never_answers_the_ping_is_dropped_and_its_slot_freed()
    {
        var options = TestServer.DefaultOptions with { PingInterval = TimeSpan.FromMilliseconds(200), PongTimeout = TimeSpan.FromMilliseconds(200) };
        await using TestServer server = TestServer.Start(options, tls: _certificate);
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint, _certificate);

        Assert.Equal(Opcode.Ping, (await client.ReadFrameAsync())!.Opcode);

        Assert.True(await client.ServerClosesTcpAsync());
        Assert.True(await server.AllSlotsFreeAsync());
    }

    public void Dispose() => _certificate.Dispose();

    // Pings keep coming while the test waits; they are answered on the way.
    private static async Task<RawFrame> NextDataFrameAsync(RawClient client)
    {
        while (true)
        {
            RawFrame? frame = await client.ReadFrameAsync();
            Assert.NotNull(frame);
            if (frame.Opcode != Opcode.Ping)
            {
                return frame;
            }

            await client.SendFrameAsync(Opcode.Pong, frame.Payload);
        }
    }
}
