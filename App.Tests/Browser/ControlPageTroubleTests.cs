using EspWs.App.Configuration;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EspWs.App.Tests.Browser;

/// <summary>The control page in Chromium says what is wrong: a token it lacks, a board whose link is lost, which device it is.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ControlPageTroubleTests
{
    private const string Token = "trouble-token-0123456789abcdef";
    private readonly ChromiumFixture _chromium;

    public ControlPageTroubleTests(ChromiumFixture chromium) => _chromium = chromium;

    [Theory]
    [InlineData("/", "This device needs its token (Security:Token). Open the page as ")]
    [InlineData("/?token=wrong-token-0123456789", "The token in this page's address is not this device's.")]
    public async Task Missing_or_wrong_token_is_said_with_how_to_give_it_and_the_page_stops_reconnecting(string path, string says)
    {
        await using TestServer server = TestServer.Start(security: new SecuritySettings { Token = Token });
        await using IBrowserContext context = await NewContextAsync();
        IPage page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(PageUri(server), path).ToString());

        ILocator access = page.Locator("#access");
        await Expect(access).ToBeVisibleAsync();
        await Expect(access).ToContainTextAsync(says);
        await Expect(access).ToContainTextAsync("/?token=YOUR_TOKEN");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "refused");
        // Three times the first retry delay later, still one refused attempt: no loop.
        await page.WaitForTimeoutAsync(1500);
        Assert.Equal(1, await page.Locator("#log li.log-info").Filter(new() { HasText = "Connection closed" }).CountAsync());
        Assert.False(server.Led.IsOn);
    }

    [Fact]
    public async Task Board_link_lost_dims_the_lamp_as_board_offline_while_the_page_stays_connected()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync();
        ControlPage control = await ControlPage.OpenAsync(context, PageUri(server));
        await Expect(control.Page.Locator("#fact-link")).ToHaveTextAsync("up");
        await Expect(control.Page.Locator("#board-offline")).ToBeHiddenAsync();

        IWiFiNetworkAdapter wifi = server.Board.NetworkAdapters.Primary<IWiFiNetworkAdapter>()!;
        await wifi.DisconnectAsync(TestTimeout.Token());

        await Expect(control.Lamp).ToHaveAttributeAsync("data-board", "offline");
        await Expect(control.Page.Locator("#board-offline")).ToBeVisibleAsync();
        await Expect(control.Page.Locator("#board-offline")).ToHaveTextAsync("board offline");
        await Expect(control.Page.Locator("#fact-link")).ToContainTextAsync("lost");
        await control.ExpectConnectedAsync();
        Assert.True(await control.Lamp.EvaluateAsync<double>("lamp => Number(getComputedStyle(lamp).opacity)") < 0.5, "the lamp is dimmed");

        await wifi.ConnectAsync("EspWs-Lab", "", TimeSpan.FromSeconds(5), TestTimeout.Token());

        await Expect(control.Lamp).ToHaveAttributeAsync("data-board", "online");
        await Expect(control.Page.Locator("#board-offline")).ToBeHiddenAsync();
        await Expect(control.Page.Locator("#fact-link")).ToHaveTextAsync("up");
    }

    [Fact]
    public async Task Board_link_shows_nothing_until_the_device_says()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync();
        // The status, where the device says its link is up, never arrives.
        await context.RouteAsync("**/status*", route => route.AbortAsync());

        ControlPage control = await ControlPage.OpenAsync(context, PageUri(server));

        await Expect(control.Page.Locator("#fact-link")).ToHaveTextAsync("…");
    }

    [Fact]
    public async Task Title_and_header_carry_the_device_name()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync();
        ControlPage control = await ControlPage.OpenAsync(context, PageUri(server));

        await Expect(control.Page.Locator("#device-name")).ToHaveTextAsync(Environment.MachineName);
        await Expect(control.Page).ToHaveTitleAsync($"OFF · {Environment.MachineName} · EspWs");
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        IBrowserContext context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(ControlPage.WaitMs);
        return context;
    }

    private static Uri PageUri(TestServer server) => new($"http://127.0.0.1:{server.EndPoint.Port}/");
}
