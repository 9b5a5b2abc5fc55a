using System.Globalization;
using System.Text;

namespace EspWs.Bench.Load;

/// <summary>The echo phase, and the calibration that shows the load tool's own limit.</summary>
internal sealed partial class BenchmarkRun
{
    private async Task EchoAsync(ServerProcess[] servers)
    {
        int poolSize = options.EchoConnections.Max();
        var pools = new List<WsClient>[servers.Length];
        for (int s = 0; s < servers.Length; s++)
        {
            (pools[s], List<string> errors) = await Connections.OpenAsync(servers[s].EndPoint, poolSize, 32, echoOnce: true, ReadyTimeout);
            if (pools[s].Count < poolSize)
            {
                throw new InvalidOperationException($"{servers[s].Spec.Name}: only {pools[s].Count} of {poolSize} connections opened ({errors.FirstOrDefault()}).");
            }
        }

        var cpu = new StringBuilder("### CPU during the echo runs\n\nCPU time per echoed message, in µs, from /proc/PID/stat " +
            "(10 ms ticks, summed over the measured runs): the server's, and the load tool's while it drove that server. " +
            "Less sensitive to other work on the machine than the rates.\n\n" +
            "| run | EspWs | load tool (vs EspWs) | Kestrel | load tool (vs Kestrel) |\n|---|---:|---:|---:|---:|\n");
        try
        {
            foreach (int size in options.EchoSizes)
            {
                foreach (int connections in options.EchoConnections)
                {
                    var results = servers.Select(_ => new List<EchoResult>()).ToArray();
                    for (int round = 0; round < options.Rounds; round++)
                    {
                        for (int s = 0; s < servers.Length; s++)
                        {
                            EchoResult result = await EchoPhase.RunAsync(servers[s], pools[s], connections, size, options.EchoWarmUp, options.EchoDuration);
                            if (result.Error is not null)
                            {
                                throw new IOException($"{servers[s].Spec.Name}, {connections} × {SizeText(size)}: {result.Error}");
                            }

                            results[s].Add(result);
                        }
                    }

                    AddEchoFigures(connections, size, results[0], results[1]);
                    cpu.AppendLine(CultureInfo.InvariantCulture,
                        $"| {connections} × {SizeText(size)} | {CpuPerMessage(results[0], r => r.ServerCpuSeconds):0.0} | " +
                        $"{CpuPerMessage(results[0], r => r.ClientCpuSeconds):0.0} | {CpuPerMessage(results[1], r => r.ServerCpuSeconds):0.0} | " +
                        $"{CpuPerMessage(results[1], r => r.ClientCpuSeconds):0.0} |");
                }
            }
        }
        finally
        {
            foreach (List<WsClient> pool in pools)
            {
                Connections.CloseAll(pool ?? []);
            }
        }

        report.AddSection(cpu.ToString());
    }

    private double CpuPerMessage(List<EchoResult> runs, Func<EchoResult, double> cpuSeconds) =>
        runs.Sum(cpuSeconds) * 1e6 / runs.Sum(r => r.MessagesPerSecond * options.EchoDuration.TotalSeconds);

    private void AddEchoFigures(int connections, int size, List<EchoResult> espWs, List<EchoResult> kestrel)
    {
        string cell = $"echo, {connections} conn × {SizeText(size)}";
        double Rate(List<EchoResult> runs) => runs.Average(r => r.MessagesPerSecond);
        LatencyHistogram Merged(List<EchoResult> runs)
        {
            var all = new LatencyHistogram();
            runs.ForEach(r => all.Add(r.Latency));
            return all;
        }

        LatencyHistogram e = Merged(espWs);
        LatencyHistogram k = Merged(kestrel);
        double rateTarget = connections == 64 && size == 16 ? 1.5 : 1.0;
        report.Add(Figure.Compared($"{cell}: messages/s", "msg/s", Rate(espWs), Rate(kestrel), Better.Higher, rateTarget));
        report.Add(Figure.Compared($"{cell}: p50 latency", "µs", e.PercentileMicros(0.5), k.PercentileMicros(0.5), Better.Lower, null));
        report.Add(Figure.Compared($"{cell}: p99 latency", "µs", e.PercentileMicros(0.99), k.PercentileMicros(0.99), Better.Lower, 1.0));
    }

    private async Task CalibrationAsync()
    {
        string self = typeof(BenchmarkRun).Assembly.Location;
        var trivial = new ServerSpec("trivial echo", "dotnet",
            port => [self, "--trivial-echo", port.ToString(CultureInfo.InvariantCulture)]);
        using ServerProcess server = ServerProcess.Start(trivial);
        await server.WaitUntilReadyAsync(ReadyTimeout);
        (List<WsClient> pool, _) = await Connections.OpenAsync(server.EndPoint, 64, 16, echoOnce: true, ReadyTimeout);
        var text = new StringBuilder("### Is the load tool the bottleneck?\n\nThe same load tool against a trivial echo server " +
            "(a fixed 101, then each payload unmasked and sent back, nothing checked): what it reaches here is the most it can " +
            "drive on this machine while sharing its cores with a server.\n\n" +
            "| run | messages/s | p99 µs | trivial server CPU µs/message | load tool CPU µs/message |\n|---|---:|---:|---:|---:|\n");
        try
        {
            foreach (int connections in new[] { 1, 64 })
            {
                EchoResult r = await EchoPhase.RunAsync(server, pool, connections, 16, options.EchoWarmUp, options.EchoDuration);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {connections} × 16 B | {r.MessagesPerSecond:N0} | {r.Latency.PercentileMicros(0.99):N0} | " +
                    $"{CpuPerMessage([r], x => x.ServerCpuSeconds):0.0} | {CpuPerMessage([r], x => x.ClientCpuSeconds):0.0} |");
                Console.WriteLine($"  trivial echo {connections} × 16 B: {r.MessagesPerSecond:N0} msg/s");
            }
        }
        finally
        {
            Connections.CloseAll(pool);
        }

        report.AddSection(text.ToString());
    }
}
