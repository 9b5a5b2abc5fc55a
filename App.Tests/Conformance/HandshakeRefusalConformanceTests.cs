using EspWs.App.Tests.Support;
using static EspWs.App.Tests.Conformance.HandshakeLines;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 10 (misc), refused handshakes: each gets its HTTP status with a reason, and the connection ends.</summary>
public class HandshakeRefusalConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    /// <summary>
    /// Accepts: the status line with that status, a text/plain reason, Connection: close and the extra header the
    /// status requires (426: Sec-WebSocket-Version: 13, RFC 6455 §4.4; 405: Allow), then TCP closed by the server.
    /// </summary>
    [Theory]
    [InlineData("10.5.1", "GET / HTTP/1.1\r\n" + Upgrade + SampleKey + Version13, 400, null)]
    [InlineData("10.5.2", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n" + SampleKey + Version13, 400, null)]
    [InlineData("10.5.3", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive\r\n" + SampleKey + Version13, 400, null)]
    [InlineData("10.5.4", "GET / HTTP/1.1\r\n" + HostAndUpgrade + Version13, 400, null)]
    [InlineData("10.5.5", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA\r\n" + Version13, 400, null)]
    [InlineData("10.5.6", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAA=\r\n" + Version13, 400, null)]
    [InlineData("10.5.7", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n" + Version13, 400, null)]
    [InlineData("10.5.8", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "Sec-WebSocket-Key:\r\n" + Version13, 400, null)]
    [InlineData("10.5.9", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==\r\n" + Version13, 400, null)]
    [InlineData("10.5.10", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ\r\n" + Version13, 400, null)]
    [InlineData("10.5.11", "GET / HTTP/1.1\r\n" + HostAndUpgrade + SampleKey + SampleKey + Version13, 400, null)]
    [InlineData("10.5.12", "GET / HTTP/1.1\r\nHost: h\r\nHost: i\r\n" + Upgrade + SampleKey + Version13, 400, null)]
    [InlineData("10.5.13", "GET / HTTP/1.0\r\n" + HostAndUpgrade + SampleKey + Version13, 400, null)]
    [InlineData("10.5.14", "GET / HTTP/2.0\r\n" + HostAndUpgrade + SampleKey + Version13, 400, null)]
    [InlineData("10.5.15", "GET /\r\n" + HostAndUpgrade + SampleKey + Version13, 400, null)]
    [InlineData("10.5.16", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "Broken header line\r\n" + SampleKey + Version13, 400, null)]
    [InlineData("10.5.17", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade : websocket\r\nConnection: Upgrade\r\n" + SampleKey + Version13, 400, null)]
    [InlineData("10.5.18", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "X-Folded: a\r\n  b\r\n" + SampleKey + Version13, 400, null)]
    [InlineData("10.5.19", "GET / HTTP/1.1\r\n" + HostAndUpgrade + "X-Control: a\u0001b\r\n" + SampleKey + Version13, 400, null)]
    [InlineData("10.6.1", "POST / HTTP/1.1\r\n" + Standard, 405, "Allow: GET, HEAD")]
    [InlineData("10.6.2", "PUT / HTTP/1.1\r\n" + Standard, 405, "Allow: GET, HEAD")]
    [InlineData("10.6.3", "HEAD / HTTP/1.1\r\n" + Standard, 405, "Allow: GET, HEAD")]
    [InlineData("10.6.4", "get / HTTP/1.1\r\n" + Standard, 405, "Allow: GET, HEAD")]
    [InlineData("10.6.5", "DELETE / HTTP/1.1\r\nHost: h\r\n", 405, "Allow: GET, HEAD")]
    [InlineData("10.7.1", "GET / HTTP/1.1\r\n" + HostAndUpgrade + SampleKey, 426, "Sec-WebSocket-Version: 13")]
    [InlineData("10.7.2", "GET / HTTP/1.1\r\n" + HostAndUpgrade + SampleKey + "Sec-WebSocket-Version: 8\r\n", 426, "Sec-WebSocket-Version: 13")]
    [InlineData("10.7.3", "GET / HTTP/1.1\r\n" + HostAndUpgrade + SampleKey + "Sec-WebSocket-Version: 12\r\n", 426, "Sec-WebSocket-Version: 13")]
    [InlineData("10.7.4", "GET / HTTP/1.1\r\n" + HostAndUpgrade + SampleKey + "Sec-WebSocket-Version: 14\r\n", 426, "Sec-WebSocket-Version: 13")]
    [InlineData("10.7.5", "GET / HTTP/1.1\r\n" + HostAndUpgrade + SampleKey + "Sec-WebSocket-Version: thirteen\r\n", 426, "Sec-WebSocket-Version: 13")]
    public Task Case_10_5_bad_request_is_refused_with_its_status(string id, string head, int status, string? requiredHeader) =>
        fixture.RunRawAsync(id, async client =>
        {
            await client.SendAsync(head + "\r\n");
            ExpectRefusal(await client.ReadToEndAsync(), status, requiredHeader);
        });

    /// <summary>Accepts: 431 for a head one byte over MaxHeaderBytes (8 KiB), for one huge header, and for bytes that never end a head.</summary>
    [Theory]
    [InlineData("10.8.1", "one byte over")]
    [InlineData("10.8.2", "one huge header")]
    [InlineData("10.8.3", "no blank line")]
    public Task Case_10_8_head_over_max_header_bytes_is_refused_with_431(string id, string shape) =>
        fixture.RunRawAsync(id, async client =>
        {
            string head = shape switch
            {
                "one byte over" => HandshakeConformanceTests.Padded("GET / HTTP/1.1\r\n" + Standard, 8193) + "\r\n",
                "one huge header" => "GET / HTTP/1.1\r\n" + Standard + "X-Huge: " + new string('h', 16 * 1024) + "\r\n\r\n",
                _ => "GET / HTTP/1.1\r\n" + Standard + new string('x', 12 * 1024),
            };
            await client.SendAsync(head);
            ExpectRefusal(await client.ReadToEndAsync(), 431, null);
        });

    internal static void ExpectRefusal(string response, int status, string? requiredHeader)
    {
        Assert.StartsWith($"HTTP/1.1 {status} ", response);
        int bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(bodyStart > 0, "the response has no complete head");
        string head = response[..(bodyStart + 2)];
        Assert.Contains("\r\nConnection: close\r\n", head);
        Assert.Contains("\r\nContent-Type: text/plain", head);
        Assert.True(response.Length > bodyStart + 4, "the refusal gives no reason in its body");
        if (requiredHeader is not null)
        {
            Assert.Contains($"\r\n{requiredHeader}\r\n", head);
        }
    }
}
