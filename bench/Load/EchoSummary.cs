namespace EspWs.Bench.Load;

/// <summary>Several echo runs of one cell against one server, taken together.</summary>
/// <param name="Rate">Mean messages per second.</param>
/// <param name="ServerMicros">The server's CPU per message, in µs.</param>
/// <param name="ClientMicros">The load tool's CPU per message, in µs.</param>
/// <param name="Latency">Every measured round trip.</param>
/// <param name="ServerBusy">The share of one CPU the server used over the measured intervals.</param>
/// <param name="ClientBusy">The share of one CPU the load tool used over the same intervals.</param>
/// <param name="Spread">The worst run's most echoes on one connection over the fewest on another.</param>
internal sealed record EchoSummary(double Rate, double ServerMicros, double ClientMicros, LatencyHistogram Latency, double ServerBusy,
    double ClientBusy, double Spread)
{
    /// <summary>Sums the runs' messages and CPU, and merges their latencies.</summary>
    public static EchoSummary Of(IReadOnlyList<Workloads.EchoWorkload> runs, TimeSpan duration)
    {
        double messages = runs.Sum(r => (double)r.Measured);
        var latency = new LatencyHistogram();
        foreach (Workloads.EchoWorkload run in runs)
        {
            latency.Add(run.Latency);
        }

        double wall = runs.Sum(r => r.Cpu.WallSeconds);
        return new EchoSummary(messages / runs.Count / duration.TotalSeconds, runs.Sum(r => r.Cpu.ServerSeconds) * 1e6 / messages,
            runs.Sum(r => r.Cpu.ClientSeconds) * 1e6 / messages, latency, runs.Sum(r => r.Cpu.ServerSeconds) / wall,
            runs.Sum(r => r.Cpu.ClientSeconds) / wall, runs.Max(r => r.Spread));
    }
}
