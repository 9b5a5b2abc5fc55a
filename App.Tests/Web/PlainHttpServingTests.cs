using System.Text.Json;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Web;

/// <summary>The page, its files and /status as the real server sends them over TCP, under the handshake's limits.</summary>
public class PlainHttpServingTests
{
    [Theory]
    [InlineData("/", "<!doctype html>")]
    [InlineData("/assets/app.js", "new WebSocket(")]
    [InlineData("/assets/app.css", ".lamp")]
    [InlineData("/status", "\"board\":\"simulated\"")]
    public async Task Get_sends_exactly_content_length_bytes_of_body_then_closes_and_frees_the_slot(string path, string expected)
    {
        await using TestServer server = TestServer.Start();

        HttpExchange response = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("GET", path));

        Assert.Equal(200, response.Status);
        Assert.Equal(response.ContentLength, response.Body.Length);
        Assert.Contains(expected, response.BodyText, StringComparison.Ordinal);
        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Fact]
    public async Task Head_sends_the_headers_of_get_and_no_body()
    {
        await using TestServer server = TestServer.Start();

        HttpExchange get = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("GET", "/"));
        HttpExchange head = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("HEAD", "/"));

        Assert.Equal(get.HeaderLines, head.HeaderLines);
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task Asset_asked_again_with_its_etag_is_304_without_a_body()
    {
        await using TestServer server = TestServer.Start();
        HttpExchange first = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("GET", "/assets/app.css"));

        HttpExchange again = await HttpExchange.SendAsync(server.EndPoint,
            HttpExchange.Request("GET", "/assets/app.css", $"If-None-Match: {first.Header("ETag")}\r\n"));

        Assert.Equal("public, max-age=86400", first.Header("Cache-Control"));
        Assert.Equal(304, again.Status);
        Assert.Equal(first.Header("ETag"), again.Header("ETag"));
        Assert.Empty(again.Body);
    }

    [Fact]
    public async Task Status_reports_the_led_a_client_switched_and_the_clients_connected()
    {
        await using TestServer server = TestServer.Start();
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);
        await client.SendTextAsync("ON");
        Assert.Equal("ON", (await client.ReadFrameAsync())!.Text);
        Assert.Equal("""{"type":"led","on":true,"brightness":100,"seq":1}""", (await client.ReadFrameAsync())!.Text);

        HttpExchange response = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request("GET", "/status"));

        using JsonDocument json = JsonDocument.Parse(response.Body);
        JsonElement root = json.RootElement;
        Assert.Equal("simulated", root.GetProperty("board").GetString());
        Assert.True(root.GetProperty("led").GetProperty("on").GetBoolean());
        Assert.Equal(1, root.GetProperty("led").GetProperty("seq").GetInt64());
        Assert.Equal(1, root.GetProperty("clients").GetInt32());
        Assert.Equal(TestServer.DefaultOptions.MaxClients, root.GetProperty("maxClients").GetInt32());
        Assert.InRange(root.GetProperty("uptimeSeconds").GetInt64(), 0, 600);
    }

    [Theory]
    [InlineData("POST", "/")]
    [InlineData("PUT", "/status")]
    [InlineData("DELETE", "/assets/app.js")]
    [InlineData("OPTIONS", "/")]
    public async Task Other_methods_are_refused_with_405_and_allow_get_head(string method, string path)
    {
        await using TestServer server = TestServer.Start();

        HttpExchange response = await HttpExchange.SendAsync(server.EndPoint, HttpExchange.Request(method, path));

        Assert.Equal(405, response.Status);
        Assert.Equal("GET, HEAD", response.Header("Allow"));
        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Fact]
    public async Task Plain_request_over_max_header_bytes_is_refused_with_431()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxHeaderBytes = 512 });

        HttpExchange response = await HttpExchange.SendAsync(server.EndPoint,
            HttpExchange.Request("GET", "/status", $"Cookie: {new string('a', 600)}\r\n"));

        Assert.Equal(431, response.Status);
        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Fact]
    public async Task Plain_request_that_never_ends_is_dropped_at_the_handshake_timeout_without_an_answer()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        await using RawClient client = await RawClient.ConnectAsync(server.EndPoint);

        await client.SendAsync("GET /status HTTP/1.1\r\nHost: h\r\n");

        // ReadToEnd returns only once the server closes TCP (or fails the test at its timeout).
        Assert.Equal("", await client.ReadToEndAsync());
        Assert.True(await server.AllSlotsFreeAsync());
    }
}
