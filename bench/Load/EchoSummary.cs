namespace EspWs.Bench.Load;

/// <summary>Several echo runs of one cell against one server, taken together.</summary>
/// <param name="Rate">Mean messages per second.</param>
/// <param name="ServerMicros">The server's CPU per message, in µs.</param>
/// <param name="ClientMicros">The load tool's CPU per message, in µs.</param>
/// <param name="Latency">Every measured round trip.</param>
internal sealed record EchoSummary(double Rate, double ServerMicros, double ClientMicros, LatencyHistogram Latency)
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

        return new EchoSummary(messages / runs.Count / duration.TotalSeconds, runs.Sum(r => r.Cpu.ServerSeconds) * 1e6 / messages,
            runs.Sum(r => r.Cpu.ClientSeconds) * 1e6 / messages, latency);
    }
}
