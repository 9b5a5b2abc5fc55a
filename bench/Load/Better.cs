namespace EspWs.Bench.Load;

/// <summary>Which way a figure improves.</summary>
internal enum Better
{
    /// <summary>More is better (throughput, connections held).</summary>
    Higher,

    /// <summary>Less is better (latency, memory, time).</summary>
    Lower,
}
