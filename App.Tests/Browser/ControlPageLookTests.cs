using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using EspWs.App.Tests.Support;
using Microsoft.Playwright;

namespace EspWs.App.Tests.Browser;

/// <summary>How the page looks to a person: it fits a phone and a desktop, passes axe's WCAG AA checks, and is photographed.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ControlPageLookTests
{
    /// <summary>Set to 1 to refresh docs/images/control-page.png from the desktop screenshot.</summary>
    public const string UpdateDocsVariable = "ESPWS_UPDATE_DOCS_SCREENSHOT";

    private readonly ChromiumFixture _chromium;

    public ControlPageLookTests(ChromiumFixture chromium) => _chromium = chromium;

    [Theory]
    [InlineData("phone", 390, 844)]
    [InlineData("desktop", 1280, 800)]
    public async Task Page_fits_the_screen_without_sideways_scrolling_and_a_screenshot_is_saved(string name, int width, int height)
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync(width, height, ColorScheme.Light);
        ControlPage page = await ShowLitPageWithTrafficAsync(server, context);

        int overflow = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        string path = await page.SaveScreenshotAsync(name);

        Assert.True(overflow <= 0, $"The page is {overflow} px wider than a {width} px screen.");
        Assert.Equal(width, PngWidth(path));
        if (name == "desktop" && Environment.GetEnvironmentVariable(UpdateDocsVariable) == "1")
        {
            File.Copy(path, Path.Combine(RepositoryRoot.Find(), "docs", "images", "control-page.png"), overwrite: true);
        }
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Page_passes_the_wcag_aa_checks_of_axe(string scheme)
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync(1280, 800, scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);
        ControlPage page = await ShowLitPageWithTrafficAsync(server, context);

        AxeResult result = await page.Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        }).WaitAsync(TestTimeout.Default);
        await page.SaveScreenshotAsync(scheme);

        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v =>
            $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}")));
    }

    private static async Task<ControlPage> ShowLitPageWithTrafficAsync(TestServer server, IBrowserContext context)
    {
        ControlPage page = await ControlPage.OpenAsync(context, new Uri($"http://127.0.0.1:{server.EndPoint.Port}/"));
        await page.ClickAsync("ON");
        await page.ExpectLedAsync(on: true);
        await page.SendAsync("hello, device");
        await page.ExpectLogAsync("echo", "hello, device");
        return page;
    }

    private async Task<IBrowserContext> NewContextAsync(int width, int height, ColorScheme scheme)
    {
        IBrowserContext context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
        });
        context.SetDefaultTimeout(ControlPage.WaitMs);
        return context;
    }

    // PNG: an 8-byte signature, then the IHDR chunk whose data starts with the big-endian width (bytes 16-19).
    private static int PngWidth(string path)
    {
        byte[] head = File.ReadAllBytes(path).AsSpan(0, 24).ToArray();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, head[..4]);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(16, 4));
    }
}
