using System.Text;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using static EspWs.App.Tests.Conformance.HandshakeLines;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 10 (misc), the opening handshake (RFC 6455 §4.2): every well-formed variant is accepted.</summary>
public class HandshakeConformanceTests(ConformanceServerFixture fixture) : IClassFixture<ConformanceServerFixture>
{
    /// <summary>
    /// Accepts: 101 with Upgrade: websocket, Connection: Upgrade and the RFC's accept key, no extension and no
    /// subprotocol (none is configured), and then a working WebSocket.
    /// </summary>
    [Theory]
    [InlineData("10.1.1", "GET / HTTP/1.1\r\n" + Standard, SampleAccept)]
    [InlineData("10.1.2", "GET / HTTP/1.1\r\nhost: h\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n", SampleAccept)]
    [InlineData("10.1.3", "GET / HTTP/1.1\r\nHOST: h\r\nUPGRADE: WEBSOCKET\r\nCONNECTION: UPGRADE\r\nSEC-WEBSOCKET-KEY: dGhlIHNhbXBsZSBub25jZQ==\r\nSEC-WEBSOCKET-VERSION: 13\r\n", SampleAccept)]
    [InlineData("10.1.4", "GET / HTTP/1.1\r\nHost:   h  \r\nUpgrade: \t websocket \t\r\nConnection:  Upgrade \r\nSec-WebSocket-Key:   dGhlIHNhbXBsZSBub25jZQ==   \r\nSec-WebSocket-Version:\t13\t\r\n", SampleAccept)]
    [InlineData("10.1.5", "GET / HTTP/1.1\r\nHost:h\r\nUpgrade:websocket\r\nConnection:Upgrade\r\nSec-WebSocket-Key:dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version:13\r\n", SampleAccept)]
    [InlineData("10.1.6", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n" + SampleKey + Version13, SampleAccept)]
    [InlineData("10.1.7", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nConnection: Upgrade\r\n" + SampleKey + Version13, SampleAccept)]
    [InlineData("10.1.8", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: h2c, websocket\r\nConnection: Upgrade\r\n" + SampleKey + Version13, SampleAccept)]
    [InlineData("10.1.9", "GET / HTTP/1.1\r\n" + Standard + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n", SampleAccept)]
    [InlineData("10.1.10", "GET / HTTP/1.1\r\n" + Standard + "Sec-WebSocket-Protocol: chat, superchat\r\n", SampleAccept)]
    [InlineData("10.1.11", "GET /?token=abc&x=1 HTTP/1.1\r\n" + Standard, SampleAccept)]
    [InlineData("10.1.12", "GET / HTTP/1.1\r\nHost: [::1]:9998\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + SampleKey + Version13, SampleAccept)]
    [InlineData("10.1.13", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n" + Version13, "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")]
    [InlineData("10.1.14", "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n" + Version13, "ICX+Yqv66kxgM0FcWaLWlFLwTAI=")]
    [InlineData("10.1.15", "GET / HTTP/1.1\r\nUser-Agent: conformance\r\nAccept: */*\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n" + Standard + "X-Empty:\r\n", SampleAccept)]
    public Task Case_10_1_well_formed_upgrade_is_accepted(string id, string head, string accept) =>
        fixture.RunRawAsync(id, async client =>
        {
            await client.SendAsync(head + "\r\n");
            await ExpectUpgradedAsync(client, accept);
        });

    /// <summary>Accepts: the same 101 however the request is cut into TCP writes: byte by byte, line by line, or with the blank line alone.</summary>
    [Theory]
    [InlineData("10.2.1", "bytes")]
    [InlineData("10.2.2", "lines")]
    [InlineData("10.2.3", "blank line alone")]
    public Task Case_10_2_request_split_over_writes_is_accepted(string id, string split) =>
        fixture.RunRawAsync(id, async client =>
        {
            string head = "GET / HTTP/1.1\r\n" + Standard;
            switch (split)
            {
                case "bytes":
                    await client.SendChoppedAsync(Encoding.ASCII.GetBytes(head + "\r\n"), 1);
                    break;
                case "lines":
                    foreach (string line in head.Split("\r\n"))
                    {
                        await client.SendAsync(line + "\r\n");
                        await Task.Delay(5);
                    }

                    break;
                default:
                    await client.SendAsync(head);
                    await Task.Delay(50);
                    await client.SendAsync("\r\n");
                    break;
            }

            await ExpectUpgradedAsync(client, SampleAccept);
        });

    /// <summary>Accepts: a head of many headers, up to exactly MaxHeaderBytes (8 KiB here), is accepted; the limit is inclusive.</summary>
    [Theory]
    [InlineData("10.3.1", 200, 0)]
    [InlineData("10.3.2", 0, 8192)]
    public Task Case_10_3_large_head_within_max_header_bytes_is_accepted(string id, int fillerHeaders, int exactLength) =>
        fixture.RunRawAsync(id, async client =>
        {
            string head = "GET / HTTP/1.1\r\n" + Standard + string.Concat(Enumerable.Range(0, fillerHeaders).Select(i => $"X-Filler-{i}: {i}\r\n"));
            if (exactLength > 0)
            {
                head = Padded(head, exactLength);
            }

            await client.SendAsync(head + "\r\n");
            await ExpectUpgradedAsync(client, SampleAccept);
        });

    /// <summary>Accepts: frames sent in the same write as the request are kept and answered (docs/protocol.md).</summary>
    [Fact]
    public Task Case_10_4_1_frames_right_behind_the_request_are_answered() =>
        fixture.RunRawAsync("10.4.1", async client =>
        {
            byte[] request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n" + Standard + "\r\n");
            await client.SendAsync([.. request, .. RawClient.Frame(Opcode.Text, "eager"u8), .. RawClient.Frame(Opcode.Ping, "too"u8)]);
            Assert.StartsWith("HTTP/1.1 101 ", await client.ReadHttpHeadAsync());
            var connection = new CaseConnection(client);
            await connection.ExpectTextAsync("eager");
            await connection.ExpectPongAsync("too"u8.ToArray());
            await connection.CloseAsync(1000);
        });

    /// <summary>Pads <paramref name="head"/> (without its blank line) with one header so that head plus blank line is <paramref name="total"/> bytes.</summary>
    internal static string Padded(string head, int total)
    {
        const string Name = "X-Padding: ";
        int fill = total - head.Length - Name.Length - 2 - 2;
        string padded = head + Name + new string('p', fill) + "\r\n";
        Assert.Equal(total, padded.Length + 2);
        return padded;
    }

    private static async Task ExpectUpgradedAsync(RawClient client, string accept)
    {
        string response = await client.ReadHttpHeadAsync();
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", response);
        Assert.Contains("\r\nUpgrade: websocket\r\n", response);
        Assert.Contains("\r\nConnection: Upgrade\r\n", response);
        Assert.Contains($"\r\nSec-WebSocket-Accept: {accept}\r\n", response);
        Assert.DoesNotContain("Sec-WebSocket-Extensions", response);
        Assert.DoesNotContain("Sec-WebSocket-Protocol", response);

        var connection = new CaseConnection(client);
        await connection.ExpectStillOpenAsync();
        await connection.CloseAsync(1000);
    }
}
