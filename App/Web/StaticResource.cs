using EspWs.App.Server.Protocol;

namespace EspWs.App.Web;

/// <summary>One embedded file with every response it can get built once: 200 for GET, 200 for HEAD, and 304.</summary>
public sealed class StaticResource
{
    private readonly byte[] _ok;
    private readonly byte[] _okHeadOnly;
    private readonly byte[] _notModified;

    /// <summary>Builds the responses for <paramref name="content"/> with the given cache policy and extra headers.</summary>
    public StaticResource(string contentType, byte[] content, string cacheControl, params (string Name, string Value)[] extraHeaders)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(cacheControl);
        ArgumentNullException.ThrowIfNull(extraHeaders);
        ContentType = contentType;
        Content = content;
        ETag = EntityTag.For(content);
        (string Name, string Value)[] headers = [("Cache-Control", cacheControl), ("ETag", ETag), .. extraHeaders];
        _ok = HttpResponses.Create(200, contentType, content, headOnly: false, headers);
        _okHeadOnly = HttpResponses.Create(200, contentType, content, headOnly: true, headers);

        // RFC 9110 §15.4.5: a 304 has no content; its Content-Length, when sent, is that of the 200 it stands for.
        _notModified = HttpResponses.Create(304, contentType, content, headOnly: true, headers);
    }

    /// <summary>Gets the file's media type.</summary>
    public string ContentType { get; }

    /// <summary>Gets the file's bytes, as served.</summary>
    public byte[] Content { get; }

    /// <summary>Gets the file's strong entity tag, quoted.</summary>
    public string ETag { get; }

    /// <summary>Returns 304 when <paramref name="ifNoneMatch"/> names this file's tag, else 200 (headers only when <paramref name="headOnly"/>).</summary>
    public byte[] Respond(string? ifNoneMatch, bool headOnly)
    {
        if (EntityTag.IsMatchedBy(ifNoneMatch, ETag))
        {
            return _notModified;
        }

        return headOnly ? _okHeadOnly : _ok;
    }
}
