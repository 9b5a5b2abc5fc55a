using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace EspWs.App.Web;

/// <summary>
/// The files embedded from <c>App/wwwroot</c>, each at its URL path with its responses built once: assets under
/// <c>/assets/</c> are cached by browsers, everything else is revalidated on every load.
/// </summary>
/// <remarks>
/// The page is rewritten once, at load, to link each asset as <c>/assets/NAME?v=TAG</c>: a new build changes the
/// link, so a browser never pairs a fresh page with a stale cached script, however long the asset's max-age.
/// </remarks>
public static class EmbeddedSite
{
    /// <summary>The manifest-resource name prefix the App project gives every file of wwwroot.</summary>
    public const string ResourcePrefix = "wwwroot/";

    /// <summary>The URL prefix of the files browsers may cache.</summary>
    public const string AssetsPrefix = "/assets/";

    /// <summary>The Cache-Control of assets: a day, then revalidated by ETag.</summary>
    public const string AssetCacheControl = "public, max-age=86400";

    /// <summary>The Cache-Control of the page: stored, but revalidated by ETag on every load.</summary>
    public const string PageCacheControl = "no-cache";

    /// <summary>The page's Content-Security-Policy: its own scripts, styles and WebSocket only, nothing from elsewhere.</summary>
    public const string PagePolicy = "default-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string PagePath = "/index.html";
    private static readonly (string Name, string Value) NoSniff = ("X-Content-Type-Options", "nosniff");

    /// <summary>Loads every <c>wwwroot/</c> resource of <paramref name="assembly"/>, keyed by URL path; <c>/</c> is the page.</summary>
    public static FrozenDictionary<string, StaticResource> Load(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Dictionary<string, byte[]> files = ReadFiles(assembly);
        if (!files.ContainsKey(PagePath))
        {
            throw new InvalidOperationException($"The embedded control page {ResourcePrefix}index.html is missing from the build.");
        }

        var site = new Dictionary<string, StaticResource>(StringComparer.Ordinal);
        var assetTags = new List<(string Path, string Tag)>();
        foreach ((string path, byte[] content) in files.Where(f => f.Key.StartsWith(AssetsPrefix, StringComparison.Ordinal)))
        {
            var asset = new StaticResource(MediaTypes.For(path), content, AssetCacheControl, NoSniff);
            site[path] = asset;
            assetTags.Add((path, asset.ETag.Trim('"')));
        }

        foreach ((string path, byte[] content) in files.Where(f => !f.Key.StartsWith(AssetsPrefix, StringComparison.Ordinal)))
        {
            string contentType = MediaTypes.For(path);
            site[path] = contentType.StartsWith("text/html", StringComparison.Ordinal)
                ? new StaticResource(contentType, LinkAssetVersions(content, assetTags), PageCacheControl, NoSniff, ("Content-Security-Policy", PagePolicy))
                : new StaticResource(contentType, content, PageCacheControl, NoSniff);
        }

        site["/"] = site[PagePath];
        return site.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Dictionary<string, byte[]> ReadFiles(Assembly assembly)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in assembly.GetManifestResourceNames())
        {
            // On Windows the build writes the folder part of the name with backslashes.
            string normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files["/" + normalized[ResourcePrefix.Length..]] = copy.ToArray();
        }

        return files;
    }

    private static byte[] LinkAssetVersions(byte[] page, List<(string Path, string Tag)> assetTags)
    {
        string html = Encoding.UTF8.GetString(page);
        foreach ((string path, string tag) in assetTags)
        {
            html = html.Replace($"\"{path}\"", $"\"{path}?v={tag}\"", StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(html);
    }
}
