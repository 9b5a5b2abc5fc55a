using System.Collections.Frozen;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Web;

/// <summary>
/// Answers plain HTTP on the WebSocket port: the control page at <c>/</c>, its files under <c>/assets/</c>, the
/// device's state as JSON at <c>/status</c>, and 404 for anything else (docs/protocol.md, "Plain HTTP").
/// </summary>
/// <remarks>Every response but /status is built once, at start; a request only picks one.</remarks>
public sealed class ControlPageEndpoint : IHttpEndpoint
{
    /// <summary>The path of the JSON status.</summary>
    public const string StatusPath = "/status";

    /// <summary>The methods plain HTTP requests may use, as the <c>Allow</c> header lists them.</summary>
    public const string AllowedMethods = "GET, HEAD";

    private const string JsonType = "application/json; charset=utf-8";
    private static readonly (string Name, string Value)[] StatusHeaders = [("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff")];

    private readonly IStatusSource _status;
    private readonly FrozenDictionary<string, StaticResource> _site;
    private readonly byte[] _notFound = HttpResponses.Error(404, "Not found");
    private readonly byte[] _notFoundHeadOnly =
        HttpResponses.Create(404, "text/plain; charset=utf-8", "Not found\n"u8, headOnly: true);
    private readonly byte[] _methodNotAllowed = HttpResponses.Error(405, "method not allowed", ("Allow", AllowedMethods));

    /// <summary>Serves the files embedded in the app's assembly and the status that <paramref name="status"/> reads.</summary>
    public ControlPageEndpoint(IStatusSource status)
        : this(status, EmbeddedSite.Load(typeof(ControlPageEndpoint).Assembly))
    {
    }

    /// <summary>Serves <paramref name="site"/> (URL path to file) and the status that <paramref name="status"/> reads.</summary>
    public ControlPageEndpoint(IStatusSource status, FrozenDictionary<string, StaticResource> site)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(site);
        _status = status;
        _site = site;
    }

    /// <inheritdoc/>
    public byte[] Respond(HandshakeResult request)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool headOnly = request.Method == "HEAD";
        if (!headOnly && request.Method != "GET")
        {
            return _methodNotAllowed;
        }

        if (request.Path == StatusPath)
        {
            byte[] json = StatusJson.ToUtf8(_status.Read());
            return HttpResponses.Create(200, JsonType, json, headOnly, StatusHeaders);
        }

        // An exact match only: "/assets/", "/assets/../x" and encoded variants name no file, so they are 404.
        if (_site.TryGetValue(request.Path, out StaticResource? file))
        {
            return file.Respond(request.Headers.GetValueOrDefault("If-None-Match"), headOnly);
        }

        return headOnly ? _notFoundHeadOnly : _notFound;
    }
}
