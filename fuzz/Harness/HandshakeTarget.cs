using System.Text;
using EspWs.App.Server.Protocol;
using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>
/// Fuzzes the opening handshake: HttpHead.FindEnd on the received bytes, then HandshakeParser.Parse on the head it
/// finds, as ConnectionSlot.HandshakeAsync does, and the response the server would build from the result.
/// </summary>
internal static class HandshakeTarget
{
    private static readonly string[] SubProtocols = ["chat", "superchat"];

    /// <summary>Runs one input; throws <see cref="InvariantViolationException"/> on any broken promise.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        int end = HttpHead.FindEnd(input);
        Check(end == NaiveFindEnd(input), "FindEnd finds the first CRLF CRLF and points just past it");

        // Whatever the reads, the server stops at the same place: every shorter prefix has no end, every longer one the same.
        if (end >= 0)
        {
            Check(HttpHead.FindEnd(input[..end]) == end, "the head alone ends where it did");
            Check(HttpHead.FindEnd(input[..(end - 1)]) == -1, "no shorter prefix holds a complete head");
        }

        HandshakeResult whole = HandshakeParser.Parse(input, SubProtocols);
        if (end < 0)
        {
            Check(whole.Kind == HandshakeKind.Refused && whole.StatusCode == 400, "an incomplete head is refused with 400");
            return;
        }

        HandshakeResult result = HandshakeParser.Parse(input[..end], SubProtocols);
        Check(Same(result, whole), "bytes after the blank line do not change the verdict");
        Check(Same(result, HandshakeParser.Parse(input[..end], SubProtocols)), "Parse is deterministic");
        VerifyResult(result);
    }

    private static int NaiveFindEnd(ReadOnlySpan<byte> data)
    {
        for (int i = 0; i + 3 < data.Length; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
            {
                return i + 4;
            }
        }

        return -1;
    }

    private static bool Same(HandshakeResult a, HandshakeResult b)
    {
        return a.Kind == b.Kind && a.StatusCode == b.StatusCode && a.Reason == b.Reason && a.Method == b.Method
            && a.Path == b.Path && a.Query == b.Query && a.AcceptKey == b.AcceptKey && a.SubProtocol == b.SubProtocol
            && a.Origin == b.Origin && a.Host == b.Host && a.Headers.Count == b.Headers.Count;
    }

    private static void VerifyResult(HandshakeResult result)
    {
        foreach ((string name, string value) in result.Headers)
        {
            Check(HttpSyntax.IsToken(Encoding.Latin1.GetBytes(name)), "header names are tokens");
            Check(value.AsSpan().IndexOfAny('\r', '\n') < 0, "header values hold no CR or LF");
        }

        Check(!result.Path.Contains('?', StringComparison.Ordinal), "the path holds no query");
        switch (result.Kind)
        {
            case HandshakeKind.WebSocket:
                VerifyAccepted(result);
                break;
            case HandshakeKind.PlainHttp:
                Check(result.StatusCode == 0 && result.Method is "GET" or "HEAD", "plain HTTP is a GET or HEAD for the caller to answer");
                Check(result.AcceptKey is null, "plain HTTP has no accept key");
                break;
            default:
                Check(result.StatusCode is 400 or 405 or 426, $"a refusal has a status the server sends, not {result.StatusCode}");
                Check(result.Reason.Length > 0 && result.AcceptKey is null, "a refusal says why and accepts nothing");
                byte[] response = HttpResponses.Error(result.StatusCode, result.Reason);
                Check(response.AsSpan().StartsWith(Encoding.ASCII.GetBytes($"HTTP/1.1 {result.StatusCode} ")), "the refusal carries its status");
                Check(HttpHead.FindEnd(response) > 0, "the refusal has a complete head");
                break;
        }
    }

    // RFC 6455 §4.2.1-2: only a GET with Host, Upgrade, Connection, version 13 and one 16-byte key is accepted.
    private static void VerifyAccepted(HandshakeResult result)
    {
        Check(result.StatusCode == 101 && result.Method == "GET" && !string.IsNullOrEmpty(result.Host), "an upgrade is a GET with a Host");
        Check(HttpSyntax.ListContains(result.Headers.GetValueOrDefault("Upgrade"), "websocket"), "an upgrade asked for websocket");
        Check(HttpSyntax.ListContains(result.Headers.GetValueOrDefault("Connection"), "Upgrade"), "an upgrade has Connection: Upgrade");
        Check(result.Headers.GetValueOrDefault("Sec-WebSocket-Version") == "13", "an upgrade is version 13");

        string key = result.Headers.GetValueOrDefault("Sec-WebSocket-Key") ?? "";
        Span<byte> decoded = stackalloc byte[32];
        Check(Convert.TryFromBase64String(key, decoded, out int keyBytes) && keyBytes == 16, "the key is base64 of 16 bytes");
        Check(result.AcceptKey == HandshakeParser.ComputeAcceptKey(key), "the accept key is computed from the key sent");
        Check(Convert.TryFromBase64String(result.AcceptKey!, decoded, out int acceptBytes) && acceptBytes == 20, "the accept key is base64 of a SHA-1 hash");

        if (result.SubProtocol is not null)
        {
            Check(Array.IndexOf(SubProtocols, result.SubProtocol) >= 0, "only a configured subprotocol is selected");
            string offered = result.Headers.GetValueOrDefault("Sec-WebSocket-Protocol") ?? "";
            Check(offered.Split(',').Any(token => token.Trim(' ', '\t') == result.SubProtocol), "only an offered subprotocol is selected");
        }

        byte[] response = HttpResponses.SwitchingProtocols(result.AcceptKey!, result.SubProtocol);
        Check(HttpHead.FindEnd(response) == response.Length, "the 101 response is exactly one head");
    }
}
