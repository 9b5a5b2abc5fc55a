using System.Security.Cryptography;
using System.Text;

namespace EspWs.App.Server.Protocol;

/// <summary>Judges a WebSocket opening handshake request (RFC 6455 §4.2.1) and computes the server's answer (§4.2.2).</summary>
public static class HandshakeParser
{
    /// <summary>The GUID RFC 6455 §1.3 appends to the client's key before hashing.</summary>
    public const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The only protocol version this server speaks (RFC 6455 §4.2.1 item 6).</summary>
    public const string SupportedVersion = "13";

    /// <summary>
    /// Parses one complete request head (through the blank line) into a WebSocket handshake, a plain HTTP request,
    /// or a refusal with its status and reason; never throws on bad input.
    /// </summary>
    /// <remarks>
    /// The subprotocol is the first of the client's Sec-WebSocket-Protocol tokens, in the client's order, that
    /// <paramref name="supportedSubProtocols"/> holds (ordinal); a protocol that was not configured is never echoed.
    /// </remarks>
    public static HandshakeResult Parse(ReadOnlySpan<byte> head, IReadOnlyList<string> supportedSubProtocols)
    {
        ArgumentNullException.ThrowIfNull(supportedSubProtocols);
        if (!HttpRequestHead.TryParse(head, out HttpRequestHead? request, out string error))
        {
            return Refuse(400, error, request: null);
        }

        // RFC 6455 §4.1: the handshake MUST be HTTP/1.1 or higher.
        if (request!.MinorVersion < 1)
        {
            return Refuse(400, "HTTP/1.1 required", request);
        }

        bool isGet = request.Method == "GET";
        if (!HttpSyntax.ListContains(request.Header("Upgrade"), "websocket"))
        {
            return isGet || request.Method == "HEAD"
                ? Result(HandshakeKind.PlainHttp, 0, "", request)
                : Refuse(405, "method not allowed", request);
        }

        // RFC 6455 §4.2.1 items 1-6, in order.
        if (!isGet)
        {
            return Refuse(405, "WebSocket upgrade requires GET", request);
        }

        if (string.IsNullOrEmpty(request.Header("Host")))
        {
            return Refuse(400, "missing Host header", request);
        }

        // RFC 9112 §3.2: a request with more than one Host field MUST be answered with 400.
        if (request.FieldCount("Host") > 1)
        {
            return Refuse(400, "repeated Host header", request);
        }

        if (!HttpSyntax.ListContains(request.Header("Connection"), "upgrade"))
        {
            return Refuse(400, "Connection header must include Upgrade", request);
        }

        // RFC 6455 §4.4: an unsupported version gets 426 with Sec-WebSocket-Version: 13 (added by the caller).
        if (request.Header("Sec-WebSocket-Version") != SupportedVersion)
        {
            return Refuse(426, "Sec-WebSocket-Version 13 required", request);
        }

        string? key = request.Header("Sec-WebSocket-Key");
        if (key is null || request.FieldCount("Sec-WebSocket-Key") != 1 || !IsValidKey(key))
        {
            return Refuse(400, "Sec-WebSocket-Key must be one base64-encoded 16-byte value", request);
        }

        return new HandshakeResult
        {
            Kind = HandshakeKind.WebSocket,
            StatusCode = 101,
            Method = request.Method,
            Path = request.Path,
            Query = request.Query,
            AcceptKey = ComputeAcceptKey(key),
            SubProtocol = SelectSubProtocol(request.Header("Sec-WebSocket-Protocol"), supportedSubProtocols),
            Origin = request.Header("Origin"),
            Host = request.Header("Host"),
            Headers = request.Headers,
        };
    }

    /// <summary>Returns the Sec-WebSocket-Accept value for a client key: base64(SHA-1(key + GUID)).</summary>
    public static string ComputeAcceptKey(string secWebSocketKey)
    {
        ArgumentNullException.ThrowIfNull(secWebSocketKey);

        // RFC 6455 §4.2.2 item 5.4: SHA-1 is what the protocol mandates here, as a checksum, not for security.
#pragma warning disable CA5350
        byte[] hash = SHA1.HashData(Encoding.UTF8.GetBytes(secWebSocketKey + WebSocketGuid));
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }

    // RFC 6455 §4.1: the key is a randomly selected 16-byte value, base64-encoded: 22 characters and "==".
    private static bool IsValidKey(string key)
    {
        if (key.Length != 24 || !key.EndsWith("==", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in key.AsSpan(0, 22))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        Span<byte> decoded = stackalloc byte[18];
        return Convert.TryFromBase64String(key, decoded, out int written) && written == 16;
    }

    // RFC 6455 §4.2.2 item 5.4 (/subprotocol/): one of the client's values, or none.
    private static string? SelectSubProtocol(string? requested, IReadOnlyList<string> supported)
    {
        if (requested is null || supported.Count == 0)
        {
            return null;
        }

        ReadOnlySpan<char> list = requested;
        foreach (Range range in list.Split(','))
        {
            ReadOnlySpan<char> token = list[range].Trim(" \t");
            for (int i = 0; i < supported.Count; i++)
            {
                if (token.Length > 0 && token.SequenceEqual(supported[i]))
                {
                    return supported[i];
                }
            }
        }

        return null;
    }

    private static HandshakeResult Refuse(int statusCode, string reason, HttpRequestHead? request)
    {
        return Result(HandshakeKind.Refused, statusCode, reason, request);
    }

    private static HandshakeResult Result(HandshakeKind kind, int statusCode, string reason, HttpRequestHead? request)
    {
        if (request is null)
        {
            return new HandshakeResult { Kind = kind, StatusCode = statusCode, Reason = reason };
        }

        return new HandshakeResult
        {
            Kind = kind,
            StatusCode = statusCode,
            Reason = reason,
            Method = request.Method,
            Path = request.Path,
            Query = request.Query,
            Origin = request.Header("Origin"),
            Host = request.Header("Host"),
            Headers = request.Headers,
        };
    }
}
