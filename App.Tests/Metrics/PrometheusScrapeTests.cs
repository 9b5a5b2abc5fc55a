using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Metrics;

/// <summary>Debian's real Prometheus scrapes the real app's /metrics, token and all; promtool lints the exposition.</summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    private const string Token = "prometheus-scrape-token-0123";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("espws-prometheus-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Prometheus_scrapes_connections_and_led_on_after_a_client_turns_it_on()
    {
        await using var app = Support.AppProcess.Start(
            new Dictionary<string, string> { ["ESPWS_Security__Token"] = Token },
            "--Server:BindAddress=127.0.0.1", "--Server:Port=0");
        int port = await app.WaitForPortAsync();
        using ClientWebSocket client = await ClientMessages.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/?token={Token}"));
        await ClientMessages.SendTextAsync(client, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        Assert.Contains("\"on\":true", await ClientMessages.ReceiveTextAsync(client));

        int prometheusPort = FreePort();
        string config = Path.Combine(_work.FullName, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: espws
                authorization:
                  credentials: {Token}
                static_configs:
                  - targets: ['127.0.0.1:{port}']
            """);
        using Process prometheus = StartPrometheus(config, prometheusPort);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var api = new Uri($"http://127.0.0.1:{prometheusPort}/api/v1/query?query=");
            bool scraped = await TestTimeout.Until(() =>
                Query(http, api, "espws_led_on") == "1" && Query(http, api, "espws_connections") == "1", TimeSpan.FromSeconds(30));

            Assert.True(scraped, $"Prometheus never read espws_led_on 1 and espws_connections 1; up = {Query(http, api, "up")}");
            Assert.Equal("1", Query(http, api, "up{job=\"espws\"}"));
            Assert.Equal("1", Query(http, api, "espws_led_changes_total{source=\"websocket\"}"));
        }
        finally
        {
            prometheus.Kill();
            await prometheus.WaitForExitAsync(TestTimeout.Token());
        }
    }

    [Fact]
    public async Task Promtool_finds_nothing_to_lint_in_the_exposition()
    {
        await using var app = Support.AppProcess.Start("--Server:BindAddress=127.0.0.1", "--Server:Port=0");
        int port = await app.WaitForPortAsync();
        using var http = new HttpClient { Timeout = TestTimeout.Default };
        string exposition = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));

        var start = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        string output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync(TestTimeout.Token());

        Assert.True(promtool.ExitCode == 0, output);
        Assert.Equal("", output.Trim());
    }

    private Process StartPrometheus(string config, int port)
    {
        var start = new ProcessStartInfo("prometheus",
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(_work.FullName, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // The first sample of an instant query's result, or null while Prometheus has none (or is not up yet).
    private static string? Query(HttpClient http, Uri api, string query)
    {
        try
        {
            string json = http.GetStringAsync(new Uri(api + Uri.EscapeDataString(query))).GetAwaiter().GetResult();
            using JsonDocument answer = JsonDocument.Parse(json);
            JsonElement result = answer.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
