using System.Diagnostics;
using EspWs.App.Tests.Support;

namespace EspWs.Bench.Fleet;

/// <summary>Debian's mosquitto on a free loopback port, with room for thousands of clients, stopped by its process id.</summary>
internal sealed class Broker : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private Broker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public static async Task<Broker> StartAsync()
    {
        string directory = Directory.CreateTempSubdirectory("espws-fleet-").FullName;
        int port = LoopbackPort.Free();
        string config = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllLinesAsync(config, [$"listener {port} 127.0.0.1", "allow_anonymous true", "persistence false", "max_queued_messages 10000"]);
        // mosquitto keeps the soft descriptor limit it is given; a thousand clients need more than the usual 1024.
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"ulimit -n $(ulimit -Hn); exec mosquitto -c '{config}'");
        Process process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new Broker(process, directory, port);
        long deadline = Environment.TickCount64 + 10_000;
        while (!LoopbackPort.IsListening(port))
        {
            if (Environment.TickCount64 > deadline || process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto did not listen on {port}");
            }

            await Task.Delay(50);
        }

        return broker;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
