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
        string folder = Path.Combine(RepositoryRoot.Find(), "App.Tests", "Independent");
        Assert.True(File.Exists(Path.Combine(folder, "node_modules", "ws", "package.json")),
            $"Node's ws package is not installed: run `npm ci` in {folder} (.ci/run does; Node.js and npm come from Debian's nodejs and npm packages).");
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxMessageBytes = MaxMessageBytes });

        (int exitCode, string stdout, string stderr) = await RunNodeAsync(folder, "strict-client.mjs", server.WebSocketUri.ToString(), MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

        output.WriteLine(stdout);
        output.WriteLine(stderr);
        string[] failures = stdout.Split('\n').Where(line => line.StartsWith("FAIL ", StringComparison.Ordinal)).ToArray();
        Assert.True(failures.Length == 0, "the ws client disagrees:\n" + string.Join('\n', failures) + "\n" + stderr);
        Match summary = Summary().Match(stdout);
        Assert.True(summary.Success, $"the script ended without its summary (exit code {exitCode}):\n{stdout}\n{stderr}");
        Assert.Equal(ExpectedCases, int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, exitCode);

        Assert.True(await server.AllSlotsFreeAsync(), "a slot was left busy by the ws client's connections");
        await using var probe = new CaseConnection(await RawClient.OpenAsync(server.EndPoint));
        await probe.ExpectStillOpenAsync();
    }

    /// <summary>Runs node with the script; fails the test, saying what to install, when node cannot be started.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
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

        Process node;
        try
        {
            node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"Node.js is not installed ({ex.Message}): install it (apt-get install -y nodejs npm), then run `npm ci` in {folder}.");
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
                Assert.Fail($"the ws client did not finish within {ScriptTimeout.TotalSeconds} s:\n{await stdout}");
            }

            return (node.ExitCode, await stdout, await stderr);
        }
    }

    [GeneratedRegex(@"^SUMMARY passed=(\d+) failed=0$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
