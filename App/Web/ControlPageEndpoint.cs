using EspWs.App.Server;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Web;

/// <summary>Serves the control page at <c>/</c> from the app's own assembly; any other path is 404.</summary>
public sealed class ControlPageEndpoint : IHttpEndpoint
{
    private readonly byte[] _page;

    /// <summary>Loads the embedded page once.</summary>
    public ControlPageEndpoint()
    {
        using Stream stream = typeof(ControlPageEndpoint).Assembly.GetManifestResourceStream("wwwroot/index.html")
            ?? throw new InvalidOperationException("The embedded control page wwwroot/index.html is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        _page = copy.ToArray();
    }

    /// <inheritdoc/>
    public byte[] Respond(HandshakeResult request)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool headOnly = request.Method == "HEAD";
        return request.Path is "/" or "/index.html"
            ? HttpResponses.Create(200, "text/html; charset=utf-8", _page, headOnly, ("Cache-Control", "no-cache"))
            : HttpResponses.Create(404, "text/plain; charset=utf-8", "Not found\n"u8, headOnly);
    }
}
