using System.Text;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class HandshakeTests
{
    [Fact]
    public async Task Upgrade_is_answered_with_101_and_the_rfc_accept_key()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);

        await client.SendAsync(RawClient.UpgradeRequest(server.EndPoint.Port));
        string head = await client.ReadHttpHeadAsync();

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head);
        Assert.DoesNotContain("Sec-WebSocket-Protocol", head);
    }

    [Fact]
    public async Task Request_split_over_many_writes_is_accepted()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);
        byte[] request = Encoding.ASCII.GetBytes(RawClient.UpgradeRequest(server.EndPoint.Port));

        for (int i = 0; i < request.Length; i += 7)
        {
            await client.SendAsync(request[i..Math.Min(i + 7, request.Length)]);
            await Task.Delay(1);
        }

        Assert.StartsWith("HTTP/1.1 101", await client.ReadHttpHeadAsync());
    }

    public static TheoryData<string, string, string?> Refusals => new()
    {
        { "POST / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", "405", "Allow: GET, HEAD" },
        { "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n", "426", "Sec-WebSocket-Version: 13" },
        { "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n", "400", null },
        { "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", "400", null },
        { "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", "400", null },
        { "GET / HTTP/1.0\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", "400", null },
        { "HELLO\r\n\r\n", "400", null },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_request_is_refused_with_its_status_and_the_slot_freed(string request, string status, string? header)
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);

        await client.SendAsync(request);
        string response = await client.ReadToEndAsync();

        Assert.StartsWith($"HTTP/1.1 {status} ", response);
        if (header is not null)
        {
            Assert.Contains(header + "\r\n", response);
        }

        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Fact]
    public async Task Request_head_over_max_header_bytes_is_refused_with_431()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxHeaderBytes = 512 });
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);

        await client.SendAsync(RawClient.UpgradeRequest(server.EndPoint.Port, extraHeaders: $"X-Padding: {new string('a', 600)}\r\n"));

        Assert.StartsWith("HTTP/1.1 431 ", await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Plain_get_of_the_root_returns_the_html_page()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);

        await client.SendAsync("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        string response = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 ", response);
        Assert.Contains("Content-Type: text/html", response);
        Assert.Contains("<html", response);
    }

    [Fact]
    public async Task Plain_get_of_an_unknown_path_is_404()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);

        await client.SendAsync("GET /nothing-here HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 404 ", await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Configured_subprotocol_is_selected_when_requested()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { SubProtocols = ["espws.v1"] });
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);

        await client.SendAsync(RawClient.UpgradeRequest(server.EndPoint.Port, extraHeaders: "Sec-WebSocket-Protocol: chat, espws.v1\r\n"));

        Assert.Contains("Sec-WebSocket-Protocol: espws.v1\r\n", await client.ReadHttpHeadAsync());
    }
}
