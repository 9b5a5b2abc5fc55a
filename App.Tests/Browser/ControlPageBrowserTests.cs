using System.Diagnostics;
using EspWs.App.Configuration;
using EspWs.App.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EspWs.App.Tests.Browser;

/// <summary>The control page in a real Chromium against the real server on a simulated board.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ControlPageBrowserTests
{
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public ControlPageBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
    {
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task On_clicked_in_one_page_lights_the_lamp_in_another_within_a_second_and_the_led_is_on()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync(1280, 800);
        ControlPage first = await ControlPage.OpenAsync(context, PageUri(server));
        ControlPage second = await ControlPage.OpenAsync(context, PageUri(server));
        await second.ExpectLedAsync(on: false);

        long clicked = Stopwatch.GetTimestamp();
        await first.ClickAsync("ON");
        double clickMs = Stopwatch.GetElapsedTime(clicked).TotalMilliseconds;

        await second.ExpectLedAsync(on: true, timeoutMs: 1000);
        _output.WriteLine($"The second page's lamp lit {Stopwatch.GetElapsedTime(clicked).TotalMilliseconds:F0} ms after the click began (click {clickMs:F0} ms).");
        await first.ExpectLedAsync(on: true);
        Assert.True(server.Led.IsOn);
    }

    [Fact]
    public async Task Page_opened_with_the_device_token_passes_it_to_the_websocket_and_never_shows_it()
    {
        const string Token = "page-token-0123456789abcdef";
        await using TestServer server = TestServer.Start(security: new SecuritySettings { Token = Token });
        await using IBrowserContext context = await NewContextAsync(1280, 800);

        ControlPage page = await ControlPage.OpenAsync(context, new Uri(PageUri(server), "/?token=" + Token));
        await page.ClickAsync("ON");

        await page.ExpectLedAsync(on: true);
        Assert.True(server.Led.IsOn);
        // /status asks for the token too: the board's name shows only when the page passed it on.
        await Expect(page.Board).ToHaveTextAsync(server.Board.Name, new() { Timeout = ControlPage.WaitMs });
        Assert.DoesNotContain(Token, await page.Page.Locator("body").InnerTextAsync());
    }

    [Fact]
    public async Task Free_text_comes_back_in_the_log_as_an_echo_without_touching_the_lamp()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync(1280, 800);
        ControlPage page = await ControlPage.OpenAsync(context, PageUri(server));

        await page.SendAsync("hello from the browser ✓");

        await page.ExpectLogAsync("sent", "hello from the browser ✓");
        await page.ExpectLogAsync("echo", "hello from the browser ✓");
        await Expect(page.Page.Locator("#message")).ToHaveValueAsync("", new() { Timeout = ControlPage.WaitMs });
        await page.ExpectLedAsync(on: false);
    }

    [Fact]
    public async Task Ctrl_enter_sends_the_box_and_shift_enter_only_starts_a_new_line()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync(1280, 800);
        ControlPage page = await ControlPage.OpenAsync(context, PageUri(server));
        ILocator box = page.Page.Locator("#message");

        await box.FillAsync("line one");
        await box.PressAsync("Shift+Enter");
        await box.PressSequentiallyAsync("line two");
        await Expect(box).ToHaveValueAsync("line one\nline two", new() { Timeout = ControlPage.WaitMs });
        await box.PressAsync("Control+Enter");

        await page.ExpectLogAsync("echo", "line two");
        Assert.Equal("line one\nline two", await page.Page.Locator("#log li.log-echo .text").Last.TextContentAsync());
    }

    [Fact]
    public async Task A_typed_state_message_is_only_an_echo_and_never_lights_the_lamp()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync(1280, 800);
        ControlPage page = await ControlPage.OpenAsync(context, PageUri(server));
        const string Forged = """{"type":"led","on":true,"seq":99}""";

        await page.SendAsync(Forged);
        await page.ExpectLogAsync("echo", Forged);
        await page.SendAsync("STATUS");
        await page.ExpectLogAsync("echo", "STATUS");

        // The STATUS answer, with its true seq of 0, must still be taken after the forged seq of 99.
        await Expect(page.Page.Locator("#log li.log-state")).ToHaveCountAsync(2, new() { Timeout = ControlPage.WaitMs });
        await page.ExpectLedAsync(on: false);
        Assert.False(server.Led.IsOn);
    }

    [Fact]
    public async Task Both_pages_reconnect_after_the_server_restarts_and_show_the_new_servers_led()
    {
        TestServer server = TestServer.Start();
        int port = server.EndPoint.Port;
        await using IBrowserContext context = await NewContextAsync(390, 844);
        ControlPage first = await ControlPage.OpenAsync(context, PageUri(server));
        ControlPage second = await ControlPage.OpenAsync(context, PageUri(server));
        await first.ClickAsync("ON");
        await second.ExpectLedAsync(on: true);

        await server.DisposeAsync();
        await Expect(second.Lamp).ToHaveAttributeAsync("data-state", "unknown", new() { Timeout = ControlPage.WaitMs });
        await Expect(second.Connection).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = ControlPage.WaitMs });
        await second.SaveScreenshotAsync("reconnecting");
        await using TestServer restarted = TestServer.Start(TestServer.DefaultOptions with { Port = port });

        // The restarted device's LED is off and its seq starts again at 0: a page that kept the old seq would stay ON.
        foreach (ControlPage page in new[] { first, second })
        {
            await page.ExpectConnectedAsync();
            await page.ExpectLedAsync(on: false);
            await page.ExpectLogAsync("info", "Connection closed (1001");
        }

        await second.ClickAsync("TOGGLE");
        await first.ExpectLedAsync(on: true);
        Assert.True(restarted.Led.IsOn);
    }

    [Fact]
    public async Task The_page_loads_nothing_but_its_own_files_and_shows_the_board()
    {
        await using TestServer server = TestServer.Start();
        await using IBrowserContext context = await NewContextAsync(1280, 800);
        var requested = new List<string>();
        context.Request += (_, request) => requested.Add(request.Url);

        ControlPage page = await ControlPage.OpenAsync(context, PageUri(server));
        await Expect(page.Board).ToHaveTextAsync(server.Board.Name, new() { Timeout = ControlPage.WaitMs });

        string origin = $"http://127.0.0.1:{server.EndPoint.Port}/";
        string socket = $"ws://127.0.0.1:{server.EndPoint.Port}/";
        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.True(url.StartsWith(origin, StringComparison.Ordinal) || url == socket, url));
        Assert.Contains(requested, url => url.Contains("/assets/app.js?v=", StringComparison.Ordinal));
    }

    private async Task<IBrowserContext> NewContextAsync(int width, int height)
    {
        IBrowserContext context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(ControlPage.WaitMs);
        return context;
    }

    private static Uri PageUri(TestServer server) => new($"http://127.0.0.1:{server.EndPoint.Port}/");
}
