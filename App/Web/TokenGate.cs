using EspWs.App.Configuration;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Web;

/// <summary>
/// Asks plain HTTP requests for <c>Security:Token</c> exactly as the WebSocket handshake does (a Bearer header or
/// <c>?token=</c>, compared in constant time): the same check, so the two can never drift apart.
/// </summary>
internal sealed class TokenGate
{
    private readonly HandshakePolicy? _policy;

    /// <summary>Asks for <paramref name="token"/>; null or empty asks for nothing.</summary>
    public TokenGate(string? token)
    {
        // Origins are the handshake's other check; a plain GET's answer cannot be read across origins anyway.
        _policy = token is { Length: > 0 }
            ? new HandshakePolicy(new SecuritySettings { AllowedOrigins = ["*"], Token = token })
            : null;
    }

    /// <summary>The 401 response a request without the token gets.</summary>
    public static byte[] Unauthorized { get; } = HttpResponses.Error(401,
        "This device asks for a token: send Authorization: Bearer TOKEN, or ?token=TOKEN.", ("WWW-Authenticate", "Bearer"));

    /// <summary>True when no token is asked for, or <paramref name="request"/> presents it.</summary>
    public bool Admits(HandshakeResult request) => _policy?.Refuse(request) is null;
}
