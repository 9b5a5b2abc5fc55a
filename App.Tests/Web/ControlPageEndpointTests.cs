using System.Text;
using System.Text.Json;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using EspWs.App.Web;

namespace EspWs.App.Tests.Web;

public class ControlPageEndpointTests
{
    private readonly FixedStatusSource _status = new();
    private readonly ControlPageEndpoint _endpoint;

    public ControlPageEndpointTests() => _endpoint = new ControlPageEndpoint(_status);

    [Theory]
    [InlineData("/", "text/html; charset=utf-8")]
    [InlineData("/index.html", "text/html; charset=utf-8")]
    [InlineData("/assets/app.js", "text/javascript; charset=utf-8")]
    [InlineData("/assets/app.css", "text/css; charset=utf-8")]
    [InlineData("/assets/favicon.svg", "image/svg+xml")]
    public void Get_of_a_file_has_its_type_an_exact_content_length_an_etag_and_nosniff(string path, string contentType)
    {
        HttpExchange response = Respond("GET", path);

        Assert.Equal(200, response.Status);
        Assert.Equal(contentType, response.Header("Content-Type"));
        Assert.Equal(response.Body.Length, response.ContentLength);
        Assert.Matches("^\"[0-9a-f]{16}\"$", response.Header("ETag"));
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Equal("close", response.Header("Connection"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/assets/app.css")]
    [InlineData("/status")]
    [InlineData("/no-such-page")]
    public void Head_has_the_headers_of_get_and_no_body(string path)
    {
        HttpExchange get = Respond("GET", path);
        HttpExchange head = Respond("HEAD", path);

        Assert.Equal(get.HeaderLines, head.HeaderLines);
        Assert.Empty(head.Body);
        Assert.True(get.ContentLength > 0);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("HEAD", "/")]
    [InlineData("GET", "/assets/app.js")]
    public void If_none_match_with_the_current_tag_is_304_with_the_tag_and_no_body(string method, string path)
    {
        string tag = Respond("GET", path).Header("ETag")!;

        HttpExchange response = Respond(method, path, $"If-None-Match: \"0000000000000000\", {tag}\r\n");

        Assert.Equal(304, response.Status);
        Assert.Equal(tag, response.Header("ETag"));
        Assert.NotNull(response.Header("Cache-Control"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public void If_none_match_with_an_old_tag_gets_the_whole_file()
    {
        HttpExchange response = Respond("GET", "/assets/app.js", "If-None-Match: \"0000000000000000\"\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal(response.ContentLength, response.Body.Length);
        Assert.Contains("WebSocket", response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_is_the_sources_reading_as_json_revalidated_on_every_request()
    {
        HttpExchange response = Respond("GET", "/status?fresh=1");

        Assert.Equal(200, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("no-cache", response.Header("Cache-Control"));
        Assert.Null(response.Header("ETag"));
        Assert.Equal(StatusJson.ToUtf8(_status.Status), response.Body);
        using JsonDocument json = JsonDocument.Parse(response.Body);
        Assert.Equal(3, json.RootElement.GetProperty("led").GetProperty("seq").GetInt64());
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/assets/")]
    [InlineData("/assets")]
    [InlineData("/assets/../index.html")]
    [InlineData("/assets/%61pp.js")]
    [InlineData("/ASSETS/app.js")]
    [InlineData("/assets/app.js/")]
    [InlineData("/status/")]
    [InlineData("//")]
    public void Unknown_paths_folders_and_disguised_names_are_404(string path)
    {
        HttpExchange response = Respond("GET", path);

        Assert.Equal(404, response.Status);
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("Not found\n", response.BodyText);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("OPTIONS")]
    public void Other_methods_are_405_with_allow(string method)
    {
        var request = new HandshakeResult { Kind = HandshakeKind.PlainHttp, Method = method, Path = "/" };

        HttpExchange response = HttpExchange.Parse(_endpoint.Respond(request));

        Assert.Equal(405, response.Status);
        Assert.Equal("GET, HEAD", response.Header("Allow"));
    }

    private HttpExchange Respond(string method, string target, string extraHeaders = "")
    {
        byte[] head = Encoding.ASCII.GetBytes(HttpExchange.Request(method, target, extraHeaders));
        HandshakeResult request = HandshakeParser.Parse(head, []);
        Assert.Equal(HandshakeKind.PlainHttp, request.Kind);
        return HttpExchange.Parse(_endpoint.Respond(request));
    }
}
