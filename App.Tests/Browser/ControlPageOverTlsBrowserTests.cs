using EspWs.App.Tests.Support;
using Microsoft.Playwright;

namespace EspWs.App.Tests.Browser;

/// <summary>The control page in a real Chromium over https:// and wss://, with the certificate --generate-certificate makes.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ControlPageOverTlsBrowserTests(ChromiumFixture chromium) : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Fact]
    public async Task On_pressed_on_the_https_page_lights_the_lamp_and_a_second_tab_follows_over_wss()
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        await using IBrowserContext context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            // The self-signed certificate is the user's to trust; the test trusts it as a user who clicked through would.
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(ControlPage.WaitMs);
        var sockets = new List<string>();
        context.Page += (_, page) => page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        var page = new Uri($"https://127.0.0.1:{server.EndPoint.Port}/");

        ControlPage first = await ControlPage.OpenAsync(context, page);
        ControlPage second = await ControlPage.OpenAsync(context, page);
        await second.ExpectLedAsync(on: false);
        await first.ClickAsync("ON");

        await second.ExpectLedAsync(on: true);
        await first.ExpectLedAsync(on: true);
        Assert.True(server.Led.IsOn);
        Assert.Equal(2, sockets.Count);
        Assert.All(sockets, url => Assert.Equal($"wss://127.0.0.1:{server.EndPoint.Port}/", url));
        await first.SaveScreenshotAsync("over-tls");
    }

    public void Dispose() => _certificate.Dispose();
}
