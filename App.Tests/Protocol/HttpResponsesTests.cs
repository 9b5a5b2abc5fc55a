using System.Text;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class HttpResponsesTests
{
    private static string Text(byte[] response) => Encoding.ASCII.GetString(response);

    [Fact]
    public void Switching_protocols_for_the_rfc_sample_is_byte_exact()
    {
        byte[] response = HttpResponses.SwitchingProtocols("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", subProtocol: null);

        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n" +
            "\r\n",
            Text(response));
    }

    [Fact]
    public void Switching_protocols_names_the_selected_subprotocol()
    {
        byte[] response = HttpResponses.SwitchingProtocols("abc=", "led");

        Assert.EndsWith("Sec-WebSocket-Accept: abc=\r\nSec-WebSocket-Protocol: led\r\n\r\n", Text(response), StringComparison.Ordinal);
    }

    [Fact]
    public void Response_has_its_headers_and_a_content_length_equal_to_the_body()
    {
        byte[] body = Encoding.UTF8.GetBytes("<h1>κόσμε</h1>");

        byte[] response = HttpResponses.Create(200, "text/html; charset=utf-8", body);

        Assert.Equal(
            "HTTP/1.1 200 OK\r\n" +
            "Content-Type: text/html; charset=utf-8\r\n" +
            "Content-Length: " + body.Length + "\r\n" +
            "Connection: close\r\n" +
            "Cache-Control: no-store\r\n" +
            "\r\n",
            Text(response[..^body.Length]));
        Assert.Equal(body, response[^body.Length..]);
    }

    [Fact]
    public void Head_response_omits_the_body_but_keeps_its_content_length()
    {
        byte[] body = new byte[1234];

        string response = Text(HttpResponses.Create(200, "text/html", body, headOnly: true));

        Assert.Contains("Content-Length: 1234\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_headers_follow_the_standard_ones_and_a_given_cache_control_replaces_the_default()
    {
        string response = Text(HttpResponses.Create(200, "text/css", "x"u8, false, ("Cache-Control", "max-age=60"), ("Retry-After", "5")));

        Assert.Contains("Connection: close\r\nCache-Control: max-age=60\r\nRetry-After: 5\r\n\r\nx", response, StringComparison.Ordinal);
        Assert.DoesNotContain("no-store", response, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_is_text_plain_with_the_reason_and_a_newline_as_body()
    {
        string response = Text(HttpResponses.Error(426, "Sec-WebSocket-Version 13 required", ("Sec-WebSocket-Version", "13")));

        Assert.StartsWith("HTTP/1.1 426 Upgrade Required\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 34\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nSec-WebSocket-Version: 13\r\n\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nSec-WebSocket-Version 13 required\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_value_with_a_line_break_is_refused()
    {
        Assert.Throws<ArgumentException>(() => HttpResponses.Error(503, "busy", ("Retry-After", "5\r\nX-Evil: 1")));
    }

    [Theory]
    [InlineData(101, "Switching Protocols")]
    [InlineData(200, "OK")]
    [InlineData(400, "Bad Request")]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "Not Found")]
    [InlineData(405, "Method Not Allowed")]
    [InlineData(426, "Upgrade Required")]
    [InlineData(431, "Request Header Fields Too Large")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(503, "Service Unavailable")]
    public void Reason_phrase_is_the_standard_one(int statusCode, string phrase)
    {
        Assert.Equal(phrase, HttpResponses.ReasonPhrase(statusCode));
    }
}
