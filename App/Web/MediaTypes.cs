namespace EspWs.App.Web;

/// <summary>The Content-Type of each kind of file the app embeds under wwwroot.</summary>
public static class MediaTypes
{
    /// <summary>Returns the media type for <paramref name="fileName"/> by its extension; unknown ones are <c>application/octet-stream</c>.</summary>
    public static string For(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Path.GetExtension(fileName).ToUpperInvariant() switch
        {
            ".HTML" or ".HTM" => "text/html; charset=utf-8",
            ".CSS" => "text/css; charset=utf-8",
            ".JS" or ".MJS" => "text/javascript; charset=utf-8",
            ".JSON" => "application/json; charset=utf-8",
            ".TXT" => "text/plain; charset=utf-8",
            ".SVG" => "image/svg+xml",
            ".PNG" => "image/png",
            ".ICO" => "image/x-icon",
            ".WOFF2" => "font/woff2",
            _ => "application/octet-stream",
        };
    }
}
