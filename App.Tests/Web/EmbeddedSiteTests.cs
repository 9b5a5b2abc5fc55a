using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using EspWs.App.Tests.Support;
using EspWs.App.Web;

namespace EspWs.App.Tests.Web;

public partial class EmbeddedSiteTests
{
    private static readonly FrozenDictionary<string, StaticResource> Site = EmbeddedSite.Load(typeof(EmbeddedSite).Assembly);

    [Fact]
    public void Every_file_under_wwwroot_is_embedded_at_its_url_path()
    {
        string root = Path.Combine(RepositoryRoot.Find(), "App", "wwwroot");
        string[] onDisk = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => "/" + Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Contains("/index.html", onDisk);
        Assert.Contains("/assets/app.js", onDisk);
        Assert.Equal(onDisk, Site.Keys.Where(k => k != "/").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Root_is_the_page_which_is_revalidated_on_every_load_and_confined_by_a_content_security_policy()
    {
        StaticResource page = Site["/"];

        Assert.Same(Site["/index.html"], page);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        string response = Encoding.ASCII.GetString(page.Respond(ifNoneMatch: null, headOnly: true));
        Assert.Contains("Cache-Control: no-cache\r\n", response);
        Assert.Contains($"Content-Security-Policy: {EmbeddedSite.PagePolicy}\r\n", response);
    }

    [Fact]
    public void Assets_may_be_cached_for_a_day_and_the_page_links_each_by_a_url_that_changes_with_its_content()
    {
        string page = Encoding.UTF8.GetString(Site["/"].Content);
        string[] assets = Site.Keys.Where(k => k.StartsWith(EmbeddedSite.AssetsPrefix, StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(assets);
        foreach (string path in assets)
        {
            StaticResource asset = Site[path];
            string response = Encoding.ASCII.GetString(asset.Respond(ifNoneMatch: null, headOnly: true));
            Assert.Contains("Cache-Control: public, max-age=86400\r\n", response);
            Assert.Contains($"\"{path}?v={asset.ETag.Trim('"')}\"", page);
        }
    }

    [Fact]
    public void Page_and_its_files_reference_nothing_outside_the_device()
    {
        foreach ((string path, StaticResource file) in Site.Where(f => f.Value.ContentType.StartsWith("text/", StringComparison.Ordinal)))
        {
            string text = Encoding.UTF8.GetString(file.Content);
            Assert.DoesNotMatch(ExternalReference(), text);
            Assert.False(text.Contains("@import", StringComparison.Ordinal), path);
        }
    }

    [Fact]
    public void No_folder_is_listed()
    {
        Assert.DoesNotContain("/assets/", Site.Keys);
        Assert.DoesNotContain("/assets", Site.Keys);
    }

    // src="http…", href="//…", url(https:…), fetch("http…"): anything that would reach past the device.
    [GeneratedRegex("""(src|href)\s*=\s*["']?(https?:|//)|url\(\s*["']?(https?:|//)|fetch\(\s*["'](https?:|//)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
