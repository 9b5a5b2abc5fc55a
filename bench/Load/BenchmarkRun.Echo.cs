using System.Diagnostics;
using System.Text;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Workloads;

namespace EspWs.Bench.Load;

/// <summary>The echo cells: pipelined, ping-pong and large messages, each server in turn.</summary>
internal sealed partial class BenchmarkRun
{
    private void Echo(ServerProcess[] servers, string label)
    {
        int poolSize = options.EchoCells.Max(c => c.Connections);
        var engines = new LoadEngine[servers.Length];
        var cpu = new StringBuilder($"### CPU per echoed message ({label})\n\nµs of CPU per message, from /proc/PID/stat over the measured " +
            "intervals: each server's, and the load tool's own (every thread of it) while it drove that server; in brackets, the share " +
            "of one CPU each used over those intervals. A load tool well below 100 % was waiting for the server, not the other way round. " +
            "Spread: the most echoes one connection received in a run over the fewest another did (1.0: all served alike).\n\n" +
            "| cell | EspWs | load tool (vs EspWs) | Kestrel | load tool (vs Kestrel) | spread EspWs / Kestrel |\n|---|---:|---:|---:|---:|---:|\n");
        try
        {
            for (int s = 0; s < servers.Length; s++)
            {
                engines[s] = OpenPool(servers[s], poolSize, parallel: 32);
            }

            foreach ((int connections, int inFlight, int size) in options.EchoCells)
            {
                var runs = servers.Select(_ => new List<EchoWorkload>()).ToArray();
                for (int round = 0; round < options.Rounds; round++)
                {
                    for (int s = 0; s < servers.Length; s++)
                    {
                        runs[s].Add(RunEcho(engines[s], servers[s], connections, inFlight, size));
                    }
                }

                string cell = $"{label}, {connections} conn × {inFlight} in flight × {SizeText(size)}";
                EchoSummary e = EchoSummary.Of(runs[0], options.EchoDuration);
                EchoSummary k = EchoSummary.Of(runs[1], options.EchoDuration);
                double cpuTarget = size > 1024 ? 0.5 : 0.67;
                report.Add(Figure.Compared($"{cell}: messages/s", "msg/s", e.Rate, k.Rate, Better.Higher, null));
                report.Add(Figure.Compared($"{cell}: server CPU per message", "µs/msg", e.ServerMicros, k.ServerMicros, Better.Lower, cpuTarget));
                report.Add(Figure.Compared($"{cell}: latency p50", "µs", e.Latency.PercentileMicros(0.5), k.Latency.PercentileMicros(0.5), Better.Lower, 1.0));
                report.Add(Figure.Compared($"{cell}: latency p99", "µs", e.Latency.PercentileMicros(0.99), k.Latency.PercentileMicros(0.99), Better.Lower, 1.0));
                if (inFlight > 1 && size <= 1024)
                {
                    // The tool's own cost, while it drove each server: it must stay far below the servers'.
                    double worst = Math.Max(e.ClientMicros, k.ClientMicros);
                    report.Add(new Figure($"{cell}: the load tool's own CPU per message (while driving each)", "µs/msg", e.ClientMicros, k.ClientMicros,
                        double.NaN, "≤ 3 µs", double.IsNaN(worst) ? null : worst <= 3));
                }

                cpu.AppendLine($"| {connections} × {inFlight} × {SizeText(size)} | {Busy(e.ServerMicros, e.ServerBusy)} | {Busy(e.ClientMicros, e.ClientBusy)} | " +
                    $"{Busy(k.ServerMicros, k.ServerBusy)} | {Busy(k.ClientMicros, k.ClientBusy)} | {e.Spread:0.0} / {k.Spread:0.0} |");
            }
        }
        finally
        {
            foreach (LoadEngine? engine in engines)
            {
                engine?.Dispose();
            }
        }

        report.AddSection(cpu.ToString());
    }

    private static string Busy(double micros, double share) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{micros:0.0} ({share:P0})");

    private EchoWorkload RunEcho(LoadEngine engine, ServerProcess server, int connections, int inFlight, int size)
    {
        long from = At(options.EchoWarmUp);
        long to = from + (long)(options.EchoDuration.TotalSeconds * Stopwatch.Frequency);
        var echo = new EchoWorkload(new ArraySegment<ClientConnection>(engine.Connections, 0, connections), size, inFlight, from, to,
            new CpuMeter(server.Pid));
        echo.Start(engine, Stopwatch.GetTimestamp());
        engine.Run(echo, options.EchoWarmUp + options.EchoDuration + TimeSpan.FromSeconds(15));
        if (echo.Error is not null)
        {
            throw new IOException($"{server.Spec.Name}, echo {connections} × {inFlight} × {SizeText(size)}: {echo.Error}");
        }

        Console.WriteLine($"  {server.Spec.Name} {connections} × {inFlight} × {SizeText(size)}: {echo.Measured / options.EchoDuration.TotalSeconds:N0} msg/s, " +
            $"p99 {echo.Latency.PercentileMicros(0.99):N0} µs, server {Micros(echo.Cpu.ServerSeconds * 1e6 / echo.Measured)} µs/msg, " +
            $"tool {Micros(echo.Cpu.ClientSeconds * 1e6 / echo.Measured)} µs/msg, spread {echo.Spread:0.0}");
        return echo;
    }
}
