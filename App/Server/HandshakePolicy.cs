using System.Security.Cryptography;
using System.Text;
using EspWs.App.Configuration;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Server;

/// <summary>
/// Decides whether a well-formed upgrade may open a WebSocket: the browser's origin (RFC 6455 §10.2) and the
/// optional token. The threat it answers is in docs/security.md.
/// </summary>
internal sealed class HandshakePolicy
{
    private const int MaxEchoedOriginLength = 100;

    private readonly HashSet<string> _allowedOrigins;
    private readonly bool _anyOrigin;
    private readonly byte[]? _tokenHash;

    /// <summary>Builds the policy once from the <c>Security</c> settings.</summary>
    public HandshakePolicy(SecuritySettings security)
    {
        _allowedOrigins = new HashSet<string>(security.AllowedOrigins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        _anyOrigin = _allowedOrigins.Contains("*");
        _tokenHash = security.Token is { Length: > 0 } token ? Hash(token) : null;
    }

    /// <summary>The HTTP status and reason to refuse <paramref name="request"/> with, or null when it may open.</summary>
    public (int Status, string Reason)? Refuse(HandshakeResult request)
    {
        if (request.Origin is { } origin && !IsAllowedOrigin(origin, request.Host))
        {
            string shown = origin.Length <= MaxEchoedOriginLength ? origin : origin[..MaxEchoedOriginLength] + "...";
            return (403, $"Origin '{shown}' is not allowed to open a WebSocket here (Security:AllowedOrigins).");
        }

        if (_tokenHash is not null && !PresentsToken(request))
        {
            return (401, "This device asks for a token: send Authorization: Bearer TOKEN, or ?token=TOKEN from a browser.");
        }

        return null;
    }

    private bool IsAllowedOrigin(string origin, string? host)
    {
        if (_anyOrigin || _allowedOrigins.Contains(origin))
        {
            return true;
        }

        // The device's own page: its origin names the same host and port the request was sent to.
        return host is not null
            && Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && (uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}").Equals(host, StringComparison.OrdinalIgnoreCase);
    }

    private bool PresentsToken(HandshakeResult request)
    {
        if (request.Headers.TryGetValue("Authorization", out string? authorization)
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && Matches(authorization["Bearer ".Length..].Trim()))
        {
            return true;
        }

        return QueryToken(request.Query) is { } token && Matches(token);
    }

    // Hashing first makes the comparison constant-time in the token's length as well as its content.
    private bool Matches(string candidate) => CryptographicOperations.FixedTimeEquals(Hash(candidate), _tokenHash);

    private static string? QueryToken(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return null;
        }

        foreach (string pair in query.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("token=", StringComparison.Ordinal))
            {
                try
                {
                    return Uri.UnescapeDataString(pair["token=".Length..]);
                }
                catch (UriFormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
