using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EspWs.App.Tests.Browser;

/// <summary>The page's brightness slider, fade time, lamp and simulated button, in a real Chromium against the real server.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ControlPageLightBrowserTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task The_slider_in_one_page_dims_the_led_and_the_lamp_of_another_page_follows()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync();
        ControlPage first = await ControlPage.OpenAsync(context, PageUri(server));
        ControlPage second = await ControlPage.OpenAsync(context, PageUri(server));
        await Expect(first.Page.Locator("#dimmer")).ToBeVisibleAsync();

        await first.Page.Locator("#fade").FillAsync("0");
        await first.Page.Locator("#brightness").FillAsync("40");

        await second.ExpectLedAsync(on: true);
        await Expect(second.Lamp).ToHaveAttributeAsync("data-brightness", "40");
        await Expect(second.Page.Locator("#brightness")).ToHaveValueAsync("40");
        await Expect(second.Page.Locator("#brightness-value")).ToHaveTextAsync("40 %");
        await first.ExpectLogAsync("sent", """{"on":true,"brightness":40,"transition":0}""");
        Assert.True(await TestTimeout.Until(() => Math.Abs(server.Board.GetDutyCycle(server.Board.Pins.OnboardLed) - BrightnessCurve.DutyCycle(0.4f)) < 0.01));
        Assert.Equal(new LedState(true, 1, 40), server.Host.Controller.State);
    }

    [Fact]
    public async Task A_fade_set_on_the_page_runs_on_the_led_and_the_lamp_is_told_its_length()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync();
        ControlPage page = await ControlPage.OpenAsync(context, PageUri(server));
        await Expect(page.Page.Locator("#dimmer")).ToBeVisibleAsync();

        await page.Page.Locator("#fade").FillAsync("1.5");
        await page.Page.Locator("#brightness").FillAsync("70");

        await page.ExpectLogAsync("state", "\"transition\":1.5");
        await Expect(page.Lamp).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("--fade: 1.5s"));
        Assert.True(await TestTimeout.Until(() => Math.Abs(server.Board.GetDutyCycle(server.Board.Pins.OnboardLed) - BrightnessCurve.DutyCycle(0.7f)) < 0.01));
    }

    [Fact]
    public async Task The_simulated_button_is_pressed_from_the_page_and_its_click_shows_in_the_log_and_toggles_the_lamp()
    {
        await using TestServer server = TestServer.Start(button: new ButtonSettings { Pin = "D04" });
        await using IBrowserContext context = await NewContextAsync();
        ControlPage page = await ControlPage.OpenAsync(context, PageUri(server));
        ILocator press = page.Page.Locator("#press-button");
        await Expect(press).ToBeVisibleAsync();
        await Expect(press).ToBeEnabledAsync();

        await press.HoverAsync();
        await page.Page.Mouse.DownAsync();
        await Task.Delay(120);
        await page.Page.Mouse.UpAsync();

        await page.ExpectLogAsync("button", """{"type":"button","event":"click"}""");
        await page.ExpectLedAsync(on: true);
        Assert.True(server.Led.IsOn);
    }

    [Fact]
    public async Task Without_a_button_pin_the_page_offers_no_button_to_press()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync();
        ControlPage page = await ControlPage.OpenAsync(context, PageUri(server));
        await Expect(page.Board).ToHaveTextAsync("simulated");

        await Expect(page.Page.Locator("#sim-button")).ToBeHiddenAsync();
    }

    private async Task<IBrowserContext> NewContextAsync()
    {
        IBrowserContext context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(ControlPage.WaitMs);
        return context;
    }

    private static Uri PageUri(TestServer server) => new($"http://127.0.0.1:{server.EndPoint.Port}/");
}
