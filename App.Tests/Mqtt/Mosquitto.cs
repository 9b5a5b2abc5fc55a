using System.Collections.Concurrent;
using System.Diagnostics;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Mqtt;

/// <summary>
/// Debian's real mosquitto on 127.0.0.1 and a free port, with a temporary config, stopped by its process id. Free of
/// xunit, so the fleet benchmark (bench/Fleet) starts its broker with the same code.
/// </summary>
public sealed class Mosquitto : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly string _directory;
    private readonly string _configPath;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private Mosquitto(string directory, int port, string configPath)
    {
        _directory = directory;
        Port = port;
        _configPath = configPath;
    }

    /// <summary>The loopback port the broker listens on.</summary>
    public int Port { get; }

    /// <summary>The broker's process id, for figures read from /proc.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>
    /// Starts a broker on <paramref name="port"/> (a free one when 0); with <paramref name="user"/> it admits only that user
    /// (a mosquitto_passwd file), else anyone. <paramref name="extraConfig"/> lines are added to its config file.
    /// </summary>
    /// <exception cref="InvalidOperationException">The broker did not listen within 10 s; the message holds its output.</exception>
    public static async Task<Mosquitto> StartAsync((string Name, string Password)? user = null, int port = 0, IReadOnlyList<string>? extraConfig = null)
    {
        string directory = Directory.CreateTempSubdirectory("espws-mosquitto-").FullName;
        port = port == 0 ? LoopbackPort.Free() : port;
        var config = new List<string> { $"listener {port} 127.0.0.1", "persistence false", "log_dest stderr" };
        if (user is { } u)
        {
            string passwords = Path.Combine(directory, "passwords");
            await RunAsync("mosquitto_passwd", "-c", "-b", passwords, u.Name, u.Password);
            // Started as root, mosquitto drops to its own user before it reads the password file.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                File.SetUnixFileMode(passwords, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
            config.Add("allow_anonymous false");
            config.Add($"password_file {passwords}");
        }
        else
        {
            config.Add("allow_anonymous true");
        }

        config.AddRange(extraConfig ?? []);
        string configPath = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllLinesAsync(configPath, config);
        var broker = new Mosquitto(directory, port, configPath);
        await broker.RunBrokerAsync();
        return broker;
    }

    /// <summary>Kills the broker (SIGKILL, by its process id): retained messages go with it, as persistence is off.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            using var timeout = new CancellationTokenSource(StopTimeout);
            await process.WaitForExitAsync(timeout.Token);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the broker again on the same port.</summary>
    public Task RestartAsync() => RunBrokerAsync();

    /// <summary>Stops the broker and deletes its temporary folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task RunBrokerAsync()
    {
        // mosquitto keeps the soft descriptor limit it is given: a fleet of a thousand clients needs more than the usual 1024.
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("ulimit -n $(ulimit -Hn) 2>/dev/null; exec mosquitto -c \"$0\"");
        start.ArgumentList.Add(_configPath);
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        long deadline = Environment.TickCount64 + (long)StartTimeout.TotalMilliseconds;
        while (!LoopbackPort.IsListening(Port))
        {
            if (Environment.TickCount64 > deadline || _process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto did not listen on {Port}:\n{string.Join('\n', _output)}");
            }

            await Task.Delay(20);
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        }
    }
}
