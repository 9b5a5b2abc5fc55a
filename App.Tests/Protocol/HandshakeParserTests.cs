using System.Text;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class HandshakeParserTests
{
    private const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";
    private static readonly string[] NoSubProtocols = [];

    private static string ValidRequest(string requestLine = "GET /chat HTTP/1.1", string? extraHeaders = null) =>
        requestLine + "\r\n" +
        "Host: server.example.com\r\n" +
        "Upgrade: websocket\r\n" +
        "Connection: Upgrade\r\n" +
        "Sec-WebSocket-Key: " + SampleKey + "\r\n" +
        "Origin: http://example.com\r\n" +
        "Sec-WebSocket-Version: 13\r\n" +
        extraHeaders +
        "\r\n";

    private static HandshakeResult Parse(string head, params string[] supportedSubProtocols) =>
        HandshakeParser.Parse(Encoding.Latin1.GetBytes(head), supportedSubProtocols);

    [Fact]
    public void Rfc_sample_key_gives_the_rfc_accept_value()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", HandshakeParser.ComputeAcceptKey(SampleKey));
    }

    [Fact]
    public void Valid_upgrade_request_is_a_websocket_with_its_accept_key_and_request_details()
    {
        HandshakeResult result = Parse(ValidRequest("GET /chat?room=1&x=y HTTP/1.1"));

        Assert.Equal(HandshakeKind.WebSocket, result.Kind);
        Assert.Equal(101, result.StatusCode);
        Assert.Equal("", result.Reason);
        Assert.Equal("GET", result.Method);
        Assert.Equal("/chat", result.Path);
        Assert.Equal("room=1&x=y", result.Query);
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", result.AcceptKey);
        Assert.Null(result.SubProtocol);
        Assert.Equal("http://example.com", result.Origin);
        Assert.Equal("server.example.com", result.Host);
        Assert.Equal("13", result.Headers["sec-websocket-version"]);
    }

    [Fact]
    public void Header_names_and_token_lists_are_case_insensitive()
    {
        string head =
            "GET / HTTP/1.1\r\n" +
            "host: h\r\n" +
            "upgrade: WebSocket\r\n" +
            "CONNECTION: keep-alive,  Upgrade \r\n" +
            "sec-websocket-key: " + SampleKey + "\r\n" +
            "SEC-WEBSOCKET-VERSION: 13\r\n\r\n";

        HandshakeResult result = Parse(head);

        Assert.Equal(HandshakeKind.WebSocket, result.Kind);
        Assert.Equal("h", result.Headers["Host"]);
    }

    [Fact]
    public void Repeated_headers_are_joined_with_comma_space()
    {
        HandshakeResult result = Parse(ValidRequest(extraHeaders: "X-Tag: a\r\nx-tag: b\r\n"));

        Assert.Equal("a, b", result.Headers["X-Tag"]);
    }

    [Fact]
    public void Upgrade_split_over_repeated_connection_headers_is_accepted()
    {
        string head = ValidRequest().Replace("Connection: Upgrade\r\n", "Connection: keep-alive\r\nConnection: upgrade\r\n", StringComparison.Ordinal);

        Assert.Equal(HandshakeKind.WebSocket, Parse(head).Kind);
    }

    public static TheoryData<string, int> Refusals => new()
    {
        { ValidRequest("POST /chat HTTP/1.1"), 405 },
        { "PUT / HTTP/1.1\r\nHost: h\r\n\r\n", 405 },
        { "get / HTTP/1.1\r\nHost: h\r\n\r\n", 405 },
        { ValidRequest("GET /chat HTTP/1.0"), 400 },
        { "GET / HTTP/1.0\r\nHost: h\r\n\r\n", 400 },
        { ValidRequest("GET /chat HTTP/2.0"), 400 },
        { ValidRequest("GET /chat"), 400 },
        { ValidRequest("GET /chat HTTP/1.1 extra"), 400 },
        { ValidRequest("GET  /chat HTTP/1.1"), 400 },
        { ValidRequest("GET /chat http/1.1"), 400 },
        { ValidRequest("G(T /chat HTTP/1.1"), 400 },
        { ValidRequest("GET /ch\u0001at HTTP/1.1"), 400 },
        { ValidRequest("GET /chät HTTP/1.1"), 400 },
        { "\u0016\u0003\u0001garbage\r\n\r\n", 400 },
        { ValidRequest().Replace("Host: server.example.com\r\n", "", StringComparison.Ordinal), 400 },
        { ValidRequest().Replace("Host: server.example.com\r\n", "Host:\r\n", StringComparison.Ordinal), 400 },
        { ValidRequest(extraHeaders: "Host: other\r\n"), 400 },
        { ValidRequest().Replace("Connection: Upgrade", "Connection: keep-alive", StringComparison.Ordinal), 400 },
        { ValidRequest().Replace("Connection: Upgrade\r\n", "", StringComparison.Ordinal), 400 },
        { ValidRequest().Replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8", StringComparison.Ordinal), 426 },
        { ValidRequest().Replace("Sec-WebSocket-Version: 13\r\n", "", StringComparison.Ordinal), 426 },
        { ValidRequest(extraHeaders: "Sec-WebSocket-Version: 8\r\n"), 426 },
        { ValidRequest().Replace("Sec-WebSocket-Key: " + SampleKey + "\r\n", "", StringComparison.Ordinal), 400 },
        { ValidRequest().Replace(SampleKey, Convert.ToBase64String(new byte[15]), StringComparison.Ordinal), 400 },
        { ValidRequest().Replace(SampleKey, Convert.ToBase64String(new byte[17]), StringComparison.Ordinal), 400 },
        { ValidRequest().Replace(SampleKey, "not base64 at all!!!!!==", StringComparison.Ordinal), 400 },
        { ValidRequest().Replace(SampleKey, "dGhlIHNhbXBsZSBub25jZQ", StringComparison.Ordinal), 400 },
        { ValidRequest().Replace(SampleKey, "", StringComparison.Ordinal), 400 },
        { ValidRequest(extraHeaders: "Sec-WebSocket-Key: " + SampleKey + "\r\n"), 400 },
        { ValidRequest(extraHeaders: "NoColonHere\r\n"), 400 },
        { ValidRequest(extraHeaders: "X-Space : v\r\n"), 400 },
        { ValidRequest(extraHeaders: ": v\r\n"), 400 },
        { ValidRequest(extraHeaders: "X-Fold: a\r\n b\r\n"), 400 },
        { ValidRequest(extraHeaders: "X-Ctl: a\u0000b\r\n"), 400 },
        { ValidRequest(extraHeaders: "X-Bare: a\nb\r\n"), 400 },
        { "GET / HTTP/1.1\r\nHost: h\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Bad_requests_are_refused_with_their_status_and_a_reason(string head, int statusCode)
    {
        HandshakeResult result = Parse(head);

        Assert.Equal(HandshakeKind.Refused, result.Kind);
        Assert.Equal(statusCode, result.StatusCode);
        Assert.NotEqual("", result.Reason);
        Assert.Null(result.AcceptKey);
    }

    [Fact]
    public void Http_1_0_is_refused_with_the_reason_http_1_1_required()
    {
        Assert.Equal("HTTP/1.1 required", Parse(ValidRequest("GET / HTTP/1.0")).Reason);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    public void Get_or_head_without_upgrade_is_plain_http_with_path_and_query(string method)
    {
        HandshakeResult result = Parse(method + " /?led=on&x HTTP/1.1\r\nHost: h\r\nAccept: text/html\r\n\r\n");

        Assert.Equal(HandshakeKind.PlainHttp, result.Kind);
        Assert.Equal(0, result.StatusCode);
        Assert.Equal(method, result.Method);
        Assert.Equal("/", result.Path);
        Assert.Equal("led=on&x", result.Query);
        Assert.Equal("text/html", result.Headers["accept"]);
    }

    [Fact]
    public void Target_without_question_mark_has_a_null_query()
    {
        HandshakeResult result = Parse("GET /index.html HTTP/1.1\r\nHost: h\r\n\r\n");

        Assert.Equal("/index.html", result.Path);
        Assert.Null(result.Query);
    }

    [Fact]
    public void Upgrade_to_another_protocol_is_plain_http()
    {
        Assert.Equal(HandshakeKind.PlainHttp, Parse("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n").Kind);
    }

    [Fact]
    public void Header_values_are_trimmed_of_surrounding_whitespace()
    {
        HandshakeResult result = Parse(ValidRequest(extraHeaders: "X-Pad: \t padded \t\r\n"));

        Assert.Equal("padded", result.Headers["X-Pad"]);
    }

    [Fact]
    public void Subprotocol_is_the_first_requested_in_client_order_that_is_configured()
    {
        HandshakeResult result = Parse(ValidRequest(extraHeaders: "Sec-WebSocket-Protocol: chat.v2, led, chat.v1\r\n"), "chat.v1", "led");

        Assert.Equal("led", result.SubProtocol);
    }

    [Fact]
    public void Subprotocol_requested_over_repeated_headers_is_found()
    {
        string extra = "Sec-WebSocket-Protocol: a\r\nSec-WebSocket-Protocol: b\r\n";

        Assert.Equal("b", Parse(ValidRequest(extraHeaders: extra), "b").SubProtocol);
    }

    [Fact]
    public void Subprotocol_requested_but_not_configured_is_not_echoed()
    {
        HandshakeResult result = Parse(ValidRequest(extraHeaders: "Sec-WebSocket-Protocol: chat\r\n"), "led");

        Assert.Equal(HandshakeKind.WebSocket, result.Kind);
        Assert.Null(result.SubProtocol);
    }

    [Fact]
    public void Subprotocol_configured_but_not_requested_is_not_chosen()
    {
        Assert.Null(Parse(ValidRequest(), "led").SubProtocol);
    }

    [Fact]
    public void Parse_never_throws_on_random_bytes()
    {
        var random = new Random(4242);
        for (int round = 0; round < 2000; round++)
        {
            byte[] head = Encoding.Latin1.GetBytes(ValidRequest(extraHeaders: "Sec-WebSocket-Protocol: led\r\n"));
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                head[random.Next(head.Length)] = (byte)random.Next(256);
            }

            HandshakeResult result = HandshakeParser.Parse(head, ["led"]);

            Assert.True(result.Kind != HandshakeKind.Refused || result.StatusCode >= 400);
        }
    }
}
