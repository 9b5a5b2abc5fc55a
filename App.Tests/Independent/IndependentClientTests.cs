using System.Diagnostics;
using System.Text.RegularExpressions;
using EspWs.App.Tests.Conformance;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Independent;

/// <summary>
/// A client that is not ours agrees: Node's <c>ws</c> package, whose client validates every server frame strictly,
/// runs echo, ping, LED and close cases and sees the server's 1002, 1007 and 1009 (strict-client.mjs beside this file).
/// </summary>
public partial class IndependentClientTests(ITestOutputHelper output)
{
    private const int MaxMessageBytes = 2 * 1024 * 1024;
    private const int ExpectedCases = 17;
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Node_ws_client_passes_the_echo_ping_and_close_cases()
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxMessageBytes = MaxMessageBytes });

        await RunCasesAsync(server, environment: []);

        await using var probe = new CaseConnection(await RawClient.OpenAsync(server.EndPoint));
        await probe.ExpectStillOpenAsync();
    }

    [Fact]
    public async Task Node_ws_client_passes_the_same_cases_over_wss_trusting_the_generated_certificate()
    {
        using var certificate = TestCertificate.Create();
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxMessageBytes = MaxMessageBytes }, tls: certificate);

        // Node verifies the certificate against its CA list and the URL's host (127.0.0.1, one of its names); this
        // adds the self-signed certificate to that list, as a user who trusts it would.
        await RunCasesAsync(server, environment: [("NODE_EXTRA_CA_CERTS", certificate.CertificatePath)]);

        await using var probe = new CaseConnection(await RawClient.OpenAsync(server.EndPoint, certificate));
        await probe.ExpectStillOpenAsync();
    }

    private async Task RunCasesAsync(TestServer server, (string Name, string Value)[] environment)
    {
        string folder = Path.Combine(RepositoryRoot.Find(), "App.Tests", "Independent");
        if (!File.Exists(Path.Combine(folder, "node_modules", "ws", "package.json")))
        {
            // The README's one test command must be enough: fetch ws exactly as the committed lockfile pins it.
            (int npmExit, string npmOut, string npmErr) = await RunAsync("npm", folder, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], []);
            Assert.True(npmExit == 0, $"`npm ci` in {folder} failed ({npmExit}):\n{npmOut}\n{npmErr}");
        }

        (int exitCode, string stdout, string stderr) = await RunAsync("node", folder,
            ["strict-client.mjs", server.WebSocketUri.ToString(), MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment);

        output.WriteLine(stdout);
        output.WriteLine(stderr);
        string[] failures = stdout.Split('\n').Where(line => line.StartsWith("FAIL ", StringComparison.Ordinal)).ToArray();
        Assert.True(failures.Length == 0, "the ws client disagrees:\n" + string.Join('\n', failures) + "\n" + stderr);
        Match summary = Summary().Match(stdout);
        Assert.True(summary.Success, $"the script ended without its summary (exit code {exitCode}):\n{stdout}\n{stderr}");
        Assert.Equal(ExpectedCases, int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, exitCode);
        Assert.True(await server.AllSlotsFreeAsync(), "a slot was left busy by the ws client's connections");
    }

    /// <summary>Runs node or npm in <paramref name="folder"/>; fails the test, saying what to install, when it cannot be started.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string program, string folder, string[] arguments, (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        Process node;
        try
        {
            node = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"{program} is not installed ({ex.Message}): install Node.js with `apt-get install -y nodejs npm`.");
            throw;
        }

        using (node)
        {
            Task<string> stdout = node.StandardOutput.ReadToEndAsync();
            Task<string> stderr = node.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ScriptTimeout);
            try
            {
                await node.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                Assert.Fail($"{program} did not finish within {ScriptTimeout.TotalSeconds} s:\n{await stdout}");
            }

            return (node.ExitCode, await stdout, await stderr);
        }
    }

    [GeneratedRegex(@"^SUMMARY passed=(\d+) failed=0$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
