namespace EspWs.Bench.Load;

/// <summary>What one echo run measured.</summary>
/// <param name="MessagesPerSecond">Echoes completed per second, over all connections.</param>
/// <param name="Latency">The round-trip time of every echo measured.</param>
/// <param name="ServerCpuSeconds">CPU time the server used during the measured interval.</param>
/// <param name="ClientCpuSeconds">CPU time the load tool used during the same interval.</param>
/// <param name="Error">Why the run failed, or null.</param>
internal sealed record EchoResult(double MessagesPerSecond, LatencyHistogram Latency, double ServerCpuSeconds,
    double ClientCpuSeconds, string? Error);
