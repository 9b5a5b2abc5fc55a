using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Tls;

/// <summary>
/// Keepalive over TLS: the connection's idle wait is an empty read of the SslStream, which the server interrupts to
/// ping, so the stream must come through those interruptions whole.
/// </summary>
public sealed class TlsKeepaliveTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Fact]
    public async Task Idle_tls_client_that_answers_the_pings_stays_connected()
    {
        var options = TestServer.DefaultOptions with { PingInterval = TimeSpan.FromMilliseconds(200), PongTimeout = TimeSpan.FromMilliseconds(500) };
        await using TestServer server = TestServer.Start(options, tls: _certificate);
        await using RawClient idle = await RawClient.OpenAsync(server.EndPoint, _certificate);

        for (int i = 0; i < 3; i++)
        {
            RawFrame? ping = await idle.ReadFrameAsync();
            Assert.Equal(Opcode.Ping, ping!.Opcode);
            await idle.SendFrameAsync(Opcode.Pong, ping.Payload);
        }

        Assert.Equal(1, server.Server.ConnectedCount);
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
}
