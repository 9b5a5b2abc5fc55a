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

/// <summary>
/// RSS growth over idle connections. A server that reserves memory per client at start (EspWs's slots) is measured
/// against a one-client server of the same build, so reserved memory counts as the connections' cost.
/// </summary>
internal static class IdleMemoryPhase
{
    /// <summary>Slots beyond the measured connections that a slot-reserving server needs: the warm-up's, and any still closing.</summary>
    public const int SpareSlots = 32;

    private const int WarmUpConnections = 16;

    /// <summary>Measures <paramref name="measured"/> holding <paramref name="count"/> idle connections, against <paramref name="baseline"/> when given.</summary>
    public static async Task<IdleMemoryResult> RunAsync(ServerSpec measured, ServerSpec? baseline, int count, TimeSpan settle,
        TimeSpan linger)
    {
        long? baselineKiB = null;
        if (baseline is not null)
        {
            using ServerProcess small = ServerProcess.Start(baseline);
            await small.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            await WarmUpAsync(small, WarmUpConnections, settle);
            baselineKiB = small.RssKiB;
        }

        using ServerProcess server = ServerProcess.Start(measured);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        await WarmUpAsync(server, WarmUpConnections, settle);
        long before = server.RssKiB;
        (List<WsClient> open, List<string> errors) = await Connections.OpenAsync(server.EndPoint, count, parallel: 64, echoOnce: true,
            TimeSpan.FromSeconds(120));
        try
        {
            await Task.Delay(settle * 2);
            long loaded = server.RssKiB;
            if (linger > TimeSpan.Zero)
            {
                Console.WriteLine($"  {measured.Name} (pid {server.Pid}) holds {open.Count} idle connections for {linger.TotalSeconds} s more.");
                await Task.Delay(linger);
            }

            return new IdleMemoryResult(baselineKiB ?? before, before, loaded, open.Count, errors.FirstOrDefault());
        }
        finally
        {
            Connections.CloseAll(open);
        }
    }

    // Every code path a connection takes is compiled and every pool primed before the "before" figure.
    private static async Task WarmUpAsync(ServerProcess server, int connections, TimeSpan settle)
    {
        (List<WsClient> open, List<string> errors) = await Connections.OpenAsync(server.EndPoint, connections, parallel: 4, echoOnce: true,
            TimeSpan.FromSeconds(30));
        Connections.CloseAll(open);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{server.Spec.Name} warm-up failed: {errors[0]}");
        }

        await Task.Delay(settle);
    }
}
