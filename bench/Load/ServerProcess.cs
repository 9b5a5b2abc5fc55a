using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EspWs.Bench.Load;

/// <summary>A server under test running as a child process of the load tool, on a loopback port of its own.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ServerProcess(ServerSpec spec, Process process, int port, long startedAt)
    {
        Spec = spec;
        _process = process;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
        StartedAt = startedAt;
    }

    /// <summary>What was started.</summary>
    public ServerSpec Spec { get; }

    /// <summary>Where the server listens.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp taken just before the process was started.</summary>
    public long StartedAt { get; }

    /// <summary>The child's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>The child's resident memory now, in KiB.</summary>
    public long RssKiB => ProcStat.RssKiB(Pid);

    /// <summary>The CPU time the child has used so far, in seconds.</summary>
    public double CpuSeconds => ProcStat.CpuSeconds(Pid);

    /// <summary>CPUs every server is started on (a taskset list), or empty for no pinning.</summary>
    public static string PinToCpus { get; set; } = "";

    /// <summary>Starts <paramref name="spec"/> and waits until it answers a handshake.</summary>
    public static ServerProcess StartReady(ServerSpec spec, TimeSpan timeout)
    {
        ServerProcess server = Start(spec);
        try
        {
            server.WaitUntilReady(timeout);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts <paramref name="spec"/> on a free loopback port; call <see cref="WaitUntilReady"/> before use.</summary>
    public static ServerProcess Start(ServerSpec spec)
    {
        int port = FreePort();

        // taskset execs the server, so the process id is the server's own.
        var info = new ProcessStartInfo(PinToCpus.Length > 0 ? "taskset" : spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        IEnumerable<string> arguments = PinToCpus.Length > 0 ? ["-c", PinToCpus, spec.FileName, .. spec.Arguments(port)] : spec.Arguments(port);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The servers' own settings come from the arguments alone, not from whatever the caller's shell holds.
        foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("ESPWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach ((string name, string value) in spec.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        long startedAt = Stopwatch.GetTimestamp();
        Process process = Process.Start(info) ?? throw new InvalidOperationException($"{spec.FileName} did not start.");
        var server = new ServerProcess(spec, process, port, startedAt);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until a WebSocket handshake is answered; returns the time from process start to that answer.</summary>
    public TimeSpan WaitUntilReady(TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Spec.Name} exited with {_process.ExitCode}: {string.Join(" | ", Output)}");
            }

            try
            {
                HandshakeProbe.Open(EndPoint, Spec.Certificate, TimeSpan.FromSeconds(2));
                return Stopwatch.GetElapsedTime(StartedAt);
            }
            catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"{Spec.Name} did not answer a handshake within {timeout}: {ex.Message}; {string.Join(" | ", Output)}");
                }

                Thread.Sleep(5);
            }
        }
    }

    /// <summary>The last lines the server printed, for error messages.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_lastLines)
            {
                return _lastLines.ToList();
            }
        }
    }

    /// <summary>Kills the child (only this process, by its id) and waits for it to exit.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 20)
            {
                _lastLines.Dequeue();
            }
        }
    }
}
