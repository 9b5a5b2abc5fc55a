namespace EspWs.App.Discovery;

/// <summary>The services the device announces and their TXT strings (docs/discovery.md lists them for clients).</summary>
public static class ServiceTypes
{
    /// <summary>The control page and WebSocket, for web browsers of services (RFC 6763 §7's registered <c>http</c>).</summary>
    public const string Http = "_http._tcp";

    /// <summary>The metrics, where Prometheus service discovery looks for them (at <c>/metrics</c>, under the token when one is set).</summary>
    public const string Prometheus = "_prometheus-http._tcp";

    /// <summary>
    /// The three services on the app's one port. Every TXT says the path, the board, the version, whether a token is
    /// needed (never the token) and whether TLS is on, and then the certificate's SHA-256 fingerprint, which a client
    /// pins instead of trusting a self-signed certificate by hand.
    /// </summary>
    public static IReadOnlyList<AnnouncedService> For(string board, string version, bool tokenRequired, string? fingerprint)
    {
        List<string> common =
        [
            $"board={board}",
            $"version={version}",
            tokenRequired ? "auth=token" : "auth=none",
            fingerprint is null ? "tls=0" : "tls=1",
        ];
        if (fingerprint is not null)
        {
            common.Add($"sha256={fingerprint}");
        }

        // RFC 6763 §6.7: txtvers first, so a later change of keys can be told apart.
        return
        [
            new AnnouncedService(DeviceDirectory.ServiceType, ["txtvers=1", "path=/", .. common]),
            new AnnouncedService(Http, ["txtvers=1", "path=/", .. common]),
            new AnnouncedService(Prometheus, ["txtvers=1", "path=/metrics", .. common]),
        ];
    }
}
