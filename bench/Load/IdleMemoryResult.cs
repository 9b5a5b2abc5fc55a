namespace EspWs.Bench.Load;

/// <summary>What holding many idle connections costs a server in resident memory.</summary>
/// <param name="BaselineKiB">RSS of a server with room for few clients, after the same warm-up.</param>
/// <param name="BeforeKiB">RSS of the measured server before the connections, after the same warm-up.</param>
/// <param name="LoadedKiB">RSS with every connection open and idle.</param>
/// <param name="Held">How many connections were open when measured.</param>
/// <param name="Error">Why fewer were held, or null.</param>
internal sealed record IdleMemoryResult(long BaselineKiB, long BeforeKiB, long LoadedKiB, int Held, string? Error)
{
    /// <summary>KiB per connection, counting everything the server needs beyond a small server (reserved slots included).</summary>
    public double PerConnectionKiB => Held == 0 ? double.NaN : (LoadedKiB - BaselineKiB) / (double)Held;

    /// <summary>KiB per connection, counting only the growth within the measured process.</summary>
    public double GrowthPerConnectionKiB => Held == 0 ? double.NaN : (LoadedKiB - BeforeKiB) / (double)Held;
}
