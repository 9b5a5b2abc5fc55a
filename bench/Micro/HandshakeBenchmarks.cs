using System.Text;
using BenchmarkDotNet.Attributes;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Micro;

/// <summary>The opening handshake: parsing a browser-like request head and computing Sec-WebSocket-Accept (RFC 6455 §4.2).</summary>
public class HandshakeBenchmarks
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    // Fields rather than constants, so the benchmarks read their input as the server does.
    private readonly string _key = Key;
    private readonly string _acceptKey = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private readonly byte[] _request = Encoding.ASCII.GetBytes(
        "GET /?token=x HTTP/1.1\r\nHost: 192.168.1.20:9998\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n" +
        "Accept: */*\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate\r\n" +
        $"Sec-WebSocket-Version: 13\r\nOrigin: http://192.168.1.20:9998\r\nSec-WebSocket-Extensions: permessage-deflate\r\n" +
        $"Sec-WebSocket-Key: {Key}\r\nConnection: keep-alive, Upgrade\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n" +
        "Upgrade: websocket\r\n\r\n");

    /// <summary>Parses and judges the whole request head, accept key included.</summary>
    [Benchmark]
    public string? ParseRequest() => HandshakeParser.Parse(_request, []).AcceptKey;

    /// <summary>Computes the accept key alone: SHA-1 and base64.</summary>
    [Benchmark]
    public string AcceptKey() => HandshakeParser.ComputeAcceptKey(_key);

    /// <summary>Builds the 101 response the server sends.</summary>
    [Benchmark]
    public byte[] SwitchingProtocolsResponse() => HttpResponses.SwitchingProtocols(_acceptKey, null);
}
