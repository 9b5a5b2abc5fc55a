using System.Diagnostics;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Deploy;

/// <summary>Runs one of the scripts in deploy/ with bash, as a user would, and returns its exit code and output.</summary>
internal static class DeployScript
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Find(), "deploy", name));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process script = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        Task<string> output = script.StandardOutput.ReadToEndAsync();
        Task<string> errors = script.StandardError.ReadToEndAsync();
        try
        {
            await script.WaitForExitAsync(TestTimeout.Token(timeout));
        }
        catch (OperationCanceledException)
        {
            script.Kill(entireProcessTree: true);
            throw;
        }

        return (script.ExitCode, await output + await errors);
    }
}
