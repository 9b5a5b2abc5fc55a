namespace EspWs.App.Server.Protocol;

/// <summary>What <see cref="HandshakeParser"/> made of one request head: a WebSocket, plain HTTP, or a refusal with its status.</summary>
public sealed class HandshakeResult
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase).AsReadOnly();

    /// <summary>Gets what the request is.</summary>
    public HandshakeKind Kind { get; init; }

    /// <summary>Gets 101 for a WebSocket, 0 for plain HTTP (the caller decides), else the refusal's HTTP status.</summary>
    public int StatusCode { get; init; }

    /// <summary>Gets why the request was refused, for the response body and logs; empty when accepted.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Gets the request method; empty when the request line could not be parsed.</summary>
    public string Method { get; init; } = "";

    /// <summary>Gets the request target's path, without the query; empty when the request line could not be parsed.</summary>
    public string Path { get; init; } = "";

    /// <summary>Gets the query (after '?', without it), or null when the target has none.</summary>
    public string? Query { get; init; }

    /// <summary>Gets the Sec-WebSocket-Accept value to answer with when <see cref="Kind"/> is WebSocket, else null.</summary>
    public string? AcceptKey { get; init; }

    /// <summary>Gets the selected subprotocol, or null when none was both requested and configured.</summary>
    public string? SubProtocol { get; init; }

    /// <summary>Gets the Origin header, or null when absent.</summary>
    public string? Origin { get; init; }

    /// <summary>Gets the Host header, or null when absent.</summary>
    public string? Host { get; init; }

    /// <summary>Gets the header fields by case-insensitive name, repeated fields joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = NoHeaders;
}
