using System.Text.Json;
using EspWs.App.Tests.Support;
using EspWs.App.Tls;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Discovery;

/// <summary>
/// The app announced on a LAN of two network namespaces, as users deploy it (TLS on, a token set), seen by clients that
/// are not ours: Node's multicast-dns, Debian's avahi-browse with its daemon, and the example client; with the
/// system's Avahi (the app registers over D-Bus) and without it (the app answers by itself).
/// </summary>
[Collection(DiscoveryLanGroup.Name)]
public sealed class DiscoveryLanTests(ITestOutputHelper output)
{
    private const string Token = "0123456789abcdef-secret";
    private static readonly TimeSpan AnnounceTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);
    private static readonly SemaphoreSlim Installing = new(1, 1);

    private static string BrowserFolder => Path.Combine(RepositoryRoot.Find(), "App.Tests", "Discovery", "node");

    private static string ExampleFolder => Path.Combine(RepositoryRoot.Find(), "examples", "find-and-switch");

    [RootFact]
    public async Task Node_multicast_dns_finds_the_app_answering_by_itself_and_reads_its_port_and_txt()
    {
        using var lan = new TwoHostLan();
        using var certificate = TestCertificate.Create();
        await using Support.AppProcess app = await StartAsync(lan.A, "Kitchen", certificate);

        JsonElement espws = await BrowseAsync(lan.B, "find", "_espws._tcp", "--name", "Kitchen");
        JsonElement http = await BrowseAsync(lan.B, "find", "_http._tcp", "--name", "Kitchen");

        AssertAnnounced(espws, certificate);
        Assert.Equal(9998, http.GetProperty("port").GetInt32());
        Assert.Contains("mDNS: announcing 'Kitchen'", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("registered with Avahi", app.Output, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Node_multicast_dns_finds_the_app_registered_through_the_systems_avahi()
    {
        using var lan = new TwoHostLan();
        using var certificate = TestCertificate.Create();
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(lan.A, lan.InterfaceA, "espws-avahi-a");
        await using Support.AppProcess app = await StartAsync(lan.A, "Kitchen", certificate, avahi.Environment, announced: "registered with Avahi");

        JsonElement espws = await BrowseAsync(lan.B, "find", "_espws._tcp", "--name", "Kitchen");

        AssertAnnounced(espws, certificate);
        Assert.DoesNotContain("mDNS: announcing", app.Output, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Avahi_browse_with_its_daemon_resolves_the_app_answering_by_itself()
    {
        using var lan = new TwoHostLan();
        using var certificate = TestCertificate.Create();
        await using AvahiDaemon avahi = await AvahiDaemon.StartAsync(lan.B, lan.InterfaceB, "espws-avahi-b");
        await using Support.AppProcess app = await StartAsync(lan.A, "Kitchen", certificate);

        string resolved = "";
        bool found = await TestTimeout.Until(() =>
        {
            // -r resolves, -t stops once Avahi's cache is listed, -p prints one line per record: =;nic;IPv4;NAME;TYPE;domain;host;address;port;"txt"...
            (int _, string lines) = NamespacedProcess.RunAsync(lan.B, "avahi-browse", ["-rtp", "_espws._tcp"], ClientTimeout, avahi.Environment).GetAwaiter().GetResult();
            resolved = lines.Split('\n').FirstOrDefault(l => l.StartsWith("=;", StringComparison.Ordinal) && l.Contains(";Kitchen;", StringComparison.Ordinal)) ?? "";
            return resolved.Length > 0;
        }, ClientTimeout);

        Assert.True(found, "avahi-browse never resolved Kitchen:\n" + avahi.Log + "\n" + app.Output);
        string[] fields = resolved.Split(';');
        Assert.Equal(TwoHostLan.AddressA, fields[7]);
        Assert.Equal("9998", fields[8]);
        Assert.Contains($"\"sha256={Fingerprint(certificate)}\"", fields[9], StringComparison.Ordinal);
        Assert.Contains("\"auth=token\"", fields[9], StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Two_instances_with_one_name_list_each_other_and_the_second_takes_a_new_name()
    {
        using var lan = new TwoHostLan();
        await using Support.AppProcess first = await StartAsync(lan.A, "Kitchen");
        await using Support.AppProcess second = await StartAsync(lan.B, "Kitchen", announced: "mDNS: announcing 'Kitchen (2)'");

        Assert.Contains("mDNS: the name 'Kitchen' is taken on the network; using 'Kitchen (2)'.", second.Output, StringComparison.Ordinal);
        JsonElement seenBySecond = await DevicesAsync(lan.B, TwoHostLan.AddressB, device => device.GetProperty("name").GetString() == "Kitchen");
        JsonElement seenByFirst = await DevicesAsync(lan.A, TwoHostLan.AddressA, device => device.GetProperty("name").GetString() == "Kitchen (2)");
        Assert.Equal(TwoHostLan.AddressA, seenBySecond.GetProperty("address").GetString());
        Assert.Equal($"http://{TwoHostLan.AddressA}:9998/", seenBySecond.GetProperty("url").GetString());
        Assert.Equal("simulated", seenBySecond.GetProperty("board").GetString());
        Assert.True(seenBySecond.GetProperty("token").GetBoolean());
        Assert.Equal(TwoHostLan.AddressB, seenByFirst.GetProperty("address").GetString());
    }

    [RootFact]
    public async Task Shutdown_sends_goodbye_packets()
    {
        using var lan = new TwoHostLan();
        await using Support.AppProcess app = await StartAsync(lan.A, "Kitchen");
        await InstallAsync(BrowserFolder);
        await using NamespacedProcess listener = NamespacedProcess.Start(lan.B, "node", ["browse.mjs", "goodbye", "_espws._tcp", "--name", "Kitchen", "--timeout", "20000"],
            workingDirectory: BrowserFolder);
        await listener.WaitForLineAsync("LISTENING", ClientTimeout);

        app.Signal(15);

        Assert.Equal(0, await listener.WaitForExitAsync(ClientTimeout));
        Assert.Contains("GOODBYE Kitchen", listener.Output, StringComparison.Ordinal);
        await app.WaitForExitAsync();
    }

    [RootFact]
    public async Task A_renewed_certificate_changes_the_announced_fingerprint()
    {
        using var lan = new TwoHostLan();
        using var certificate = TestCertificate.Create();
        await using Support.AppProcess app = await StartAsync(lan.A, "Kitchen", certificate);
        Assert.Equal(Fingerprint(certificate), (await BrowseAsync(lan.B, "find", "_espws._tcp", "--name", "Kitchen")).GetProperty("txt").GetProperty("sha256").GetString());

        using var renewed = TestCertificate.Make(DateTimeOffset.UtcNow);
        TestCertificate.WriteFiles(renewed, certificate.CertificatePath, certificate.KeyPath);
        app.Signal(1);

        string expected = ServerCertificate.FormatFingerprint(renewed);
        JsonElement found = await BrowseAsync(lan.B, "find", "_espws._tcp", "--name", "Kitchen", "--expect", "sha256=" + expected);
        Assert.Equal(expected, found.GetProperty("txt").GetProperty("sha256").GetString());
    }

    [RootFact]
    public async Task The_example_client_switches_the_led_over_wss_from_the_announcement_alone()
    {
        using var lan = new TwoHostLan();
        using var certificate = TestCertificate.Create();
        await using Support.AppProcess app = await StartAsync(lan.A, "Kitchen", certificate);
        await InstallAsync(ExampleFolder);

        (int exit, string said) = await NamespacedProcess.RunAsync(lan.B, "node", ["find-and-switch.mjs", "Kitchen", "ON"], ClientTimeout,
            new Dictionary<string, string> { ["ESPWS_TOKEN"] = Token }, ExampleFolder);

        output.WriteLine(said);
        Assert.True(exit == 0, $"the example failed ({exit}):\n{said}");
        Assert.Contains($"certificate matches the announced fingerprint {Fingerprint(certificate)}", said, StringComparison.Ordinal);
        Assert.Contains("LED on", said, StringComparison.Ordinal);
        (int _, string status) = await NamespacedProcess.RunAsync(lan.B, "curl", ["-sk", "-H", $"Authorization: Bearer {Token}", $"https://{TwoHostLan.AddressA}:9998/status"], ClientTimeout);
        Assert.Contains("\"led\":{\"on\":true", status, StringComparison.Ordinal);
    }

    private static string Fingerprint(TestCertificate certificate) => ServerCertificate.FormatFingerprint(certificate.Certificate);

    private static void AssertAnnounced(JsonElement found, TestCertificate certificate)
    {
        Assert.Equal(9998, found.GetProperty("port").GetInt32());
        Assert.Equal(TwoHostLan.AddressA, found.GetProperty("address").GetString());
        JsonElement txt = found.GetProperty("txt");
        Assert.Equal("/", txt.GetProperty("path").GetString());
        Assert.Equal("1", txt.GetProperty("tls").GetString());
        Assert.Equal(Fingerprint(certificate), txt.GetProperty("sha256").GetString());
        Assert.Equal("token", txt.GetProperty("auth").GetString());
        Assert.Equal("simulated", txt.GetProperty("board").GetString());
        Assert.False(string.IsNullOrEmpty(txt.GetProperty("version").GetString()));
        Assert.DoesNotContain(Token, found.GetRawText(), StringComparison.Ordinal);
    }

    // The app on port 9998 of every interface of its namespace, a token set as users deploy it, TLS when given.
    private async Task<Support.AppProcess> StartAsync(string netns, string name, TestCertificate? certificate = null,
        IReadOnlyDictionary<string, string>? environment = null, string announced = "mDNS: announcing")
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["ESPWS_Security__Token"] = Token };
        string[] tls = certificate is null ? [] : [$"--Tls:CertificatePath={certificate.CertificatePath}", $"--Tls:KeyPath={certificate.KeyPath}"];
        Support.AppProcess app = Support.AppProcess.StartInNamespace(netns, variables,
            ["--Server:BindAddress=0.0.0.0", "--Server:Port=9998", $"--Discovery:Name={name}", "--Board:Simulated:WiFiJoinDelay=0", .. tls]);
        bool up = await TestTimeout.Until(() => app.Output.Contains(announced, StringComparison.Ordinal) || app.HasExited, AnnounceTimeout);
        output.WriteLine(app.Output);
        Assert.True(up && !app.HasExited, $"the app in {netns} never logged '{announced}':\n{app.Output}");
        return app;
    }

    private async Task<JsonElement> BrowseAsync(string netns, params string[] arguments)
    {
        await InstallAsync(BrowserFolder);
        (int exit, string said) = await NamespacedProcess.RunAsync(netns, "node", ["browse.mjs", .. arguments, "--timeout", "15000"], ClientTimeout, workingDirectory: BrowserFolder);
        output.WriteLine(said);
        Assert.True(exit == 0, $"multicast-dns did not find it ({exit}):\n{said}");
        return JsonDocument.Parse(said.Split('\n').Last(l => l.StartsWith('{'))).RootElement;
    }

    // GET /devices with the token, from inside the namespace, until a device that matches is listed.
    private static async Task<JsonElement> DevicesAsync(string netns, string address, Func<JsonElement, bool> match)
    {
        JsonElement? found = null;
        string body = "";
        await TestTimeout.Until(() =>
        {
            (int _, body) = NamespacedProcess.RunAsync(netns, "curl", ["-s", "-H", $"Authorization: Bearer {Token}", $"http://{address}:9998/devices"], ClientTimeout)
                .GetAwaiter().GetResult();
            if (body.StartsWith('{'))
            {
                found = JsonDocument.Parse(body).RootElement.GetProperty("devices").EnumerateArray().Where(match).Select(d => (JsonElement?)d.Clone()).FirstOrDefault();
            }

            return found is not null;
        }, ClientTimeout);
        Assert.True(found is not null, $"/devices of {address} never listed the device: {body}");
        return found.Value;
    }

    // The README's one test command must be enough: fetch the packages exactly as the committed lockfile pins them.
    private static async Task InstallAsync(string folder)
    {
        await Installing.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "multicast-dns")))
            {
                (int exit, string said) = await NamespacedProcess.RunAsync(null, "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(3), workingDirectory: folder);
                Assert.True(exit == 0, $"`npm ci` in {folder} failed ({exit}):\n{said}");
            }
        }
        finally
        {
            Installing.Release();
        }
    }
}
