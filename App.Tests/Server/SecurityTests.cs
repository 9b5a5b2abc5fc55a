using System.Net.WebSockets;
using EspWs.App.Configuration;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class SecurityTests
{
    private const string Token = "s3cret-token-0123456789";

    [Fact]
    public async Task Client_without_origin_is_allowed_by_default()
    {
        await using TestServer server = TestServer.Start();

        Assert.StartsWith("HTTP/1.1 101", await HandshakeAsync(server, ""));
    }

    [Fact]
    public async Task Device_own_page_origin_is_allowed_by_default()
    {
        await using TestServer server = TestServer.Start();

        Assert.StartsWith("HTTP/1.1 101", await HandshakeAsync(server, $"Origin: http://127.0.0.1:{server.EndPoint.Port}\r\n"));
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("null")]
    public async Task Browser_from_another_origin_is_refused_with_403_and_cannot_touch_the_led(string origin)
    {
        await using TestServer server = TestServer.Start();

        string response = await HandshakeAsync(server, $"Origin: {origin}\r\n", then: RawClient.Frame(Opcode.Text, "ON"u8));

        Assert.StartsWith("HTTP/1.1 403 ", response);
        Assert.False(server.Led.IsOn);
        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Theory]
    [InlineData("http://192.168.1.20:8080", "http://192.168.1.20:8080")]
    [InlineData("HTTP://Console.Example", "http://console.example")]
    [InlineData("*", "http://anything.example")]
    public async Task Configured_origin_is_allowed(string allowed, string origin)
    {
        await using TestServer server = TestServer.Start(security: new SecuritySettings { AllowedOrigins = [allowed] });

        Assert.StartsWith("HTTP/1.1 101", await HandshakeAsync(server, $"Origin: {origin}\r\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Authorization: Bearer wrong-token-0123456789\r\n")]
    [InlineData("Authorization: Basic czNjcmV0LXRva2VuLTAxMjM0NTY3ODk=\r\n")]
    public async Task Handshake_without_the_right_token_is_refused_with_401(string headers)
    {
        await using TestServer server = TestServer.Start(security: new SecuritySettings { Token = Token });

        string response = await HandshakeAsync(server, headers);

        Assert.StartsWith("HTTP/1.1 401 ", response);
        Assert.Contains("WWW-Authenticate: Bearer", response);
        Assert.DoesNotContain(Token, response);
    }

    [Fact]
    public async Task Bearer_token_opens_the_websocket()
    {
        await using TestServer server = TestServer.Start(security: new SecuritySettings { Token = Token });

        Assert.StartsWith("HTTP/1.1 101", await HandshakeAsync(server, $"Authorization: Bearer {Token}\r\n"));
    }

    [Fact]
    public async Task Query_token_opens_the_websocket_for_browsers()
    {
        await using TestServer server = TestServer.Start(security: new SecuritySettings { Token = Token });
        using var client = new ClientWebSocket();

        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{server.EndPoint.Port}/?token={Uri.EscapeDataString(Token)}"), TestTimeout.Token());

        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task Token_is_never_written_to_the_log()
    {
        var logs = new CapturingLoggerFactory();
        await using (TestServer server = TestServer.Start(loggers: logs, security: new SecuritySettings { Token = Token }))
        {
            await HandshakeAsync(server, $"Authorization: Bearer {Token}x\r\n");
            await HandshakeAsync(server, $"Authorization: Bearer {Token}\r\n");
        }

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Address_over_its_connection_limit_gets_429_and_others_keep_their_slots()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxConnectionsPerAddress = 2 });
        using ClientWebSocket first = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket second = await ClientMessages.ConnectAsync(server.WebSocketUri);

        string response = await HandshakeAsync(server, "");

        Assert.StartsWith("HTTP/1.1 429 ", response);
        Assert.Contains("Retry-After: ", response);
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "", TestTimeout.Token());
        // A closing connection still counts against its address until it is released (its slot given back), which is
        // after it has left the connected set: wait for the release, not for the connected count.
        Assert.True(await TestTimeout.Until(() => server.Server.AvailableSlots == server.Options.MaxClients - 1));
        Assert.StartsWith("HTTP/1.1 101", await HandshakeAsync(server, ""));
    }

    private static async Task<string> HandshakeAsync(TestServer server, string extraHeaders, byte[]? then = null)
    {
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);
        await client.SendAsync(RawClient.UpgradeRequest(server.EndPoint.Port, extraHeaders: extraHeaders));
        if (then is not null)
        {
            await client.SendAsync(then);
        }

        return await client.ReadHttpHeadAsync();
    }
}
