using System.Collections.Concurrent;
using System.Diagnostics;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Discovery;

/// <summary>A program run inside a network namespace (or, without one, in the test's own), its output kept line by line; killed on dispose if still running.</summary>
public sealed partial class NamespacedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private NamespacedProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="program"/> in <paramref name="netns"/>; fails the test, saying what to install, when it cannot.</summary>
    public static NamespacedProcess Start(string? netns, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        string[] command = netns is null ? [program] : ["ip", "netns", "exec", netns, program];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (string argument in command.Skip(1).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        try
        {
            return new NamespacedProcess(Process.Start(start) ?? throw new InvalidOperationException(command[0] + " did not start"));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"{command[0]} is not installed ({ex.Message}): test.sh installs what the discovery tests run (iproute2, nodejs, npm).");
            throw;
        }
    }

    /// <summary>Runs <paramref name="program"/> in <paramref name="netns"/> to its end, within <paramref name="timeout"/>; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string? netns, string program, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        await using NamespacedProcess process = Start(netns, program, arguments, environment, workingDirectory);
        try
        {
            await process._process.WaitForExitAsync(TestTimeout.Token(timeout));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{program} did not finish within {timeout.TotalSeconds} s:\n{process.Output}");
        }

        // The exit is seen before the last output events; WaitForExit without a timeout drains them.
        await process._process.WaitForExitAsync();
        return (process.ExitCode, process.Output);
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; fails the test with the output so far when none comes.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        bool seen = await TestTimeout.Until(() => _lines.Any(l => l.Contains(text, StringComparison.Ordinal)) || _process.HasExited, timeout);
        Assert.True(seen && _lines.Any(l => l.Contains(text, StringComparison.Ordinal)), $"no line with '{text}' within {timeout.TotalSeconds} s:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync(TestTimeout.Token(timeout));
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Asks the program to stop (SIGTERM), so a daemon removes its pid file; killed after 5 s if it has not.</summary>
    public async Task TerminateAsync()
    {
        if (!_process.HasExited && Kill(_process.Id, 15) == 0)
        {
            await _process.WaitForExitAsync(TestTimeout.Token(TimeSpan.FromSeconds(5))).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
