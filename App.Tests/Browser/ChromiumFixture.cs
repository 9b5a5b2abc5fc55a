using EspWs.App.Tests.Support;
using Microsoft.Playwright;

namespace EspWs.App.Tests.Browser;

/// <summary>
/// One headless Debian Chromium, driven by Playwright, shared by the browser tests. Playwright cannot download its
/// own browser here, so a missing Chromium fails every browser test with the command that installs it.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string PathVariable = "ESPWS_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium did not start.");

    /// <summary>The Chromium binary: <c>ESPWS_CHROMIUM</c> when set, else Debian's.</summary>
    public static string ExecutablePath
    {
        get
        {
            string? configured = Environment.GetEnvironmentVariable(PathVariable);
            return string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured;
        }
    }

    public async Task InitializeAsync()
    {
        string path = ExecutablePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium, which is not at {path}. Install Debian's: `sudo apt-get install chromium` " +
                $"(or point {PathVariable} at a Chromium binary).");
        }

        _playwright = await Playwright.CreateAsync().WaitAsync(StartTimeout);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = Arguments,
            Timeout = (float)StartTimeout.TotalMilliseconds,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync().WaitAsync(TestTimeout.Default);
        }

        _playwright?.Dispose();
    }
}
