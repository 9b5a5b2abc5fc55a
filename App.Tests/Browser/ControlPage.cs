using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EspWs.App.Tests.Browser;

/// <summary>The control page as a test sees it: its lamp, connection status, buttons and log, with bounded waits.</summary>
public sealed class ControlPage
{
    /// <summary>Bounds every wait for the page: generous, since two cores are shared with builds.</summary>
    public static readonly float WaitMs = 10_000;

    private ControlPage(IPage page) => Page = page;

    public IPage Page { get; }

    public ILocator Lamp => Page.Locator("#lamp");

    public ILocator LedLabel => Page.Locator("#led-label");

    public ILocator Connection => Page.Locator("#connection");

    public ILocator Log => Page.Locator("#log");

    public ILocator Board => Page.Locator("#board-name");

    /// <summary>Opens the page at <paramref name="url"/> and waits until it is connected and has the LED's state.</summary>
    public static async Task<ControlPage> OpenAsync(IBrowserContext context, Uri url)
    {
        IPage page = await context.NewPageAsync();
        page.SetDefaultTimeout(WaitMs);
        await page.GotoAsync(url.ToString(), new PageGotoOptions { Timeout = WaitMs });
        var control = new ControlPage(page);
        await control.ExpectConnectedAsync();
        await Expect(control.Lamp).Not.ToHaveAttributeAsync("data-state", "unknown", new() { Timeout = WaitMs });
        return control;
    }

    /// <summary>Where the test run saves its pictures of the page: the test output folder.</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Saves what the page shows now as <c>screenshots/control-page-NAME.png</c> and returns its path.</summary>
    public async Task<string> SaveScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        string path = Path.Combine(ScreenshotFolder, $"control-page-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Timeout = WaitMs });
        return path;
    }

    public Task ClickAsync(string command) =>
        Page.Locator($"button[data-command='{command}']").ClickAsync(new LocatorClickOptions { Timeout = WaitMs });

    /// <summary>Types <paramref name="text"/> into the message box and presses Enter.</summary>
    public async Task SendAsync(string text)
    {
        ILocator box = Page.Locator("#message");
        await box.FillAsync(text, new LocatorFillOptions { Timeout = WaitMs });
        await box.PressAsync("Enter", new LocatorPressOptions { Timeout = WaitMs });
    }

    public Task ExpectConnectedAsync(float? timeoutMs = null) =>
        Expect(Connection).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = timeoutMs ?? WaitMs });

    /// <summary>Waits until the lamp shows <paramref name="on"/>, by its look and by its text label.</summary>
    public async Task ExpectLedAsync(bool on, float? timeoutMs = null)
    {
        await Expect(Lamp).ToHaveAttributeAsync("data-state", on ? "on" : "off", new() { Timeout = timeoutMs ?? WaitMs });
        await Expect(LedLabel).ToHaveTextAsync(on ? "ON" : "OFF", new() { Timeout = timeoutMs ?? WaitMs });
    }

    /// <summary>Waits until the log has an entry of <paramref name="kind"/> (sent, echo, state, received, info) containing <paramref name="text"/>.</summary>
    public Task ExpectLogAsync(string kind, string text) =>
        Expect(Page.Locator($"#log li.log-{kind}").Filter(new() { HasText = text }).First)
            .ToBeVisibleAsync(new() { Timeout = WaitMs });
}
