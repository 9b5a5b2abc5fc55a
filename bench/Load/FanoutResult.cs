namespace EspWs.Bench.Load;

/// <summary>What the broadcast runs measured: the time from sending the command to the last client receiving the state.</summary>
/// <param name="Samples">One time per command, in microseconds.</param>
/// <param name="ServerCpuSeconds">CPU time the server used over the measured commands.</param>
/// <param name="ClientCpuSeconds">CPU time the load tool used over the same commands.</param>
/// <param name="Error">Why the run stopped early, or null.</param>
internal sealed record FanoutResult(List<double> Samples, double ServerCpuSeconds, double ClientCpuSeconds, string? Error);
