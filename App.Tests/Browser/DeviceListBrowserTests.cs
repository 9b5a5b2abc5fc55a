using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Discovery;
using EspWs.App.Discovery.Dns;
using EspWs.App.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EspWs.App.Tests.Browser;

/// <summary>The page lists the other devices its device has heard, each a link, with names from the network shown only as text.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class DeviceListBrowserTests(ChromiumFixture chromium)
{
    private const string Token = "page-token-0123456789abcdef";

    [Fact]
    public async Task The_page_lists_a_device_heard_on_the_network_as_a_link_with_its_fingerprint_and_keeps_the_token_to_itself()
    {
        await using TestServer server = TestServer.Start(security: new SecuritySettings { Token = Token });
        var hall = new ServiceAnnouncement("<b>Hall</b>", "hall", 9998, ServiceTypes.For("esp32", "1.0", tokenRequired: true, "AB:CD"));
        server.Host.Devices.OnMessage(new DnsMessage { IsResponse = true, Answers = AnnouncementRecords.For(hall, IPAddress.Parse("192.0.2.21")) }, IPAddress.Parse("192.0.2.21"));
        await using IBrowserContext context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        IPage page = await context.NewPageAsync();

        await page.GotoAsync($"http://127.0.0.1:{server.EndPoint.Port}/?token={Token}");

        ILocator link = page.Locator("#devices a");
        await Expect(link).ToHaveTextAsync("<b>Hall</b>", new() { Timeout = ControlPage.WaitMs });
        await Expect(link).ToHaveAttributeAsync("href", "https://192.0.2.21:9998/");
        await Expect(page.Locator("#devices .about")).ToHaveTextAsync("192.0.2.21:9998 · esp32 · TLS · token");
        await Expect(page.Locator("#devices .fingerprint")).ToHaveTextAsync("SHA-256 AB:CD");
        await Expect(page.Locator("#devices-state")).ToHaveTextAsync("1 device heard.");
        Assert.Equal(0, await page.Locator("#devices b").CountAsync());
    }
}
