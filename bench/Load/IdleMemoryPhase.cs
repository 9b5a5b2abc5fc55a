namespace EspWs.Bench.Load;

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
