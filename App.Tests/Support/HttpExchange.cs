using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Support;

/// <summary>One HTTP response as bytes on the wire: its status, header fields and body, split exactly where the server put them.</summary>
public sealed class HttpExchange
{
    private readonly Dictionary<string, List<string>> _headers;

    private HttpExchange(int status, Dictionary<string, List<string>> headers, byte[] body, string head)
    {
        Status = status;
        _headers = headers;
        Body = body;
        Head = head;
    }

    public int Status { get; }

    /// <summary>The status line and header lines, without the blank line.</summary>
    public string Head { get; }

    public byte[] Body { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The one value of header <paramref name="name"/>, or null; fails the test when it is repeated.</summary>
    public string? Header(string name) =>
        _headers.TryGetValue(name, out List<string>? values) ? Assert.Single(values) : null;

    /// <summary>The header lines in order, for comparing two responses.</summary>
    public IEnumerable<string> HeaderLines => Head.Split("\r\n").Skip(1);

    public int ContentLength => int.Parse(Header("Content-Length") ?? "-1", CultureInfo.InvariantCulture);

    /// <summary>Sends <paramref name="request"/> (ASCII) on a fresh connection and reads the response until the server closes TCP.</summary>
    public static async Task<HttpExchange> SendAsync(IPEndPoint server, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        CancellationToken token = TestTimeout.Token();
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, token);
        using var received = new MemoryStream();
        byte[] buffer = new byte[16 * 1024];
        int count;
        while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, token)) > 0)
        {
            received.Write(buffer, 0, count);
        }

        return Parse(received.ToArray());
    }

    /// <summary>A GET or HEAD of <paramref name="path"/> with a Host header and any extra header lines.</summary>
    public static string Request(string method, string path, string extraHeaders = "") =>
        $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extraHeaders}\r\n";

    public static HttpExchange Parse(byte[] response)
    {
        int end = HttpHead.FindEnd(response);
        Assert.True(end > 0, "The response has no complete head: " + Encoding.ASCII.GetString(response));
        string head = Encoding.ASCII.GetString(response, 0, end - 4);
        string[] lines = head.Split("\r\n");
        Assert.StartsWith("HTTP/1.1 ", lines[0]);
        int status = int.Parse(lines[0].AsSpan(9, 3), CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = line[..colon];
            if (!headers.TryGetValue(name, out List<string>? values))
            {
                headers[name] = values = [];
            }

            values.Add(line[(colon + 1)..].Trim());
        }

        return new HttpExchange(status, headers, response[end..], head);
    }
}
