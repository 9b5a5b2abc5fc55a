using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace EspWs.App.Tests.Support;

/// <summary>The real EspWs app, started as its own process from the test's output folder, as a user runs it.</summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string? _ownStateDirectory;

    private AppProcess(Process process, string? ownStateDirectory)
    {
        _process = process;
        _ownStateDirectory = ownStateDirectory;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Every line the app wrote so far, stdout and stderr together.</summary>
    public string Output => string.Join('\n', _output);

    public int ExitCode => _process.ExitCode;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static AppProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>
    /// Starts the app with <paramref name="environment"/> added to the test's own; unless an argument names
    /// <c>State:Directory</c>, the app keeps its LED state in a directory of its own, removed on dispose, so no test
    /// starts with the LED another left.
    /// </summary>
    public static AppProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch(["dotnet"], environment, args);

    /// <summary>Starts the app inside the network namespace <paramref name="netns"/> (<c>ip netns exec</c>, which needs root), as <see cref="Start(IReadOnlyDictionary{string, string}, string[])"/> does.</summary>
    public static AppProcess StartInNamespace(string netns, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch(["ip", "netns", "exec", netns, "dotnet"], environment, args);

    private static AppProcess Launch(string[] command, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        string? ownStateDirectory = null;
        if (!args.Any(a => a.StartsWith("--State:Directory=", StringComparison.OrdinalIgnoreCase)))
        {
            ownStateDirectory = Directory.CreateTempSubdirectory("espws-state-").FullName;
            args = [.. args, $"--State:Directory={ownStateDirectory}"];
        }

        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (string arg in command.Skip(1).Append(Path.Combine(AppContext.BaseDirectory, "EspWs.App.dll")).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        return new AppProcess(Process.Start(start) ?? throw new InvalidOperationException(command[0] + " did not start"), ownStateDirectory);
    }

    /// <summary>Waits for the app's log line with its WebSocket URL and returns the port.</summary>
    public async Task<int> WaitForPortAsync()
    {
        int port = 0;
        bool found = await TestTimeout.Until(() =>
        {
            Match match = ListeningLine().Match(Output);
            port = match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return match.Success || _process.HasExited;
        }, TimeSpan.FromSeconds(30));
        Assert.True(found && port > 0, "the app never logged where it listens:\n" + Output);
        return port;
    }

    /// <summary>Sends <paramref name="signal"/> (SIGTERM 15, SIGINT 2) as a service manager or Ctrl+C would.</summary>
    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    public Task WaitForExitAsync() => _process.WaitForExitAsync(TestTimeout.Token(TimeSpan.FromSeconds(20)));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_ownStateDirectory is not null)
        {
            Directory.Delete(_ownStateDirectory, recursive: true);
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    [GeneratedRegex(@"Listening on wss?://127\.0\.0\.1:(\d+)/")]
    private static partial Regex ListeningLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
