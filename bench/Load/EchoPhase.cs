using System.Diagnostics;

namespace EspWs.Bench.Load;

/// <summary>
/// Closed-loop echo: every connection sends one message, waits for its whole echo, and sends the next, so the
/// rate is bounded by the server's round trip and the latency is what a client sees.
/// </summary>
internal static class EchoPhase
{
    /// <summary>Runs <paramref name="connections"/> of <paramref name="pool"/> for a warm-up, then measures for <paramref name="duration"/>.</summary>
    public static async Task<EchoResult> RunAsync(ServerProcess server, IReadOnlyList<WsClient> pool, int connections, int size,
        TimeSpan warmUp, TimeSpan duration)
    {
        byte[] frame = ClientFrames.Text(size);
        int echoLength = ClientFrames.EchoLength(size);
        byte[] expected = ClientFrames.ExpectedEcho(size);
        var latency = new LatencyHistogram();
        long measureFrom = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        long measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var abort = new CancellationTokenSource(warmUp + duration + TimeSpan.FromSeconds(30));
        string? error = null;

        var loops = new Task<long>[connections];
        for (int i = 0; i < connections; i++)
        {
            WsClient client = pool[i];
            loops[i] = Task.Run(async () =>
            {
                byte[] echo = new byte[echoLength];
                long measured = 0;
                try
                {
                    while (true)
                    {
                        long sentAt = Stopwatch.GetTimestamp();
                        if (sentAt >= measureTo)
                        {
                            return measured;
                        }

                        await client.SendAsync(frame, abort.Token);
                        await client.ReceiveExactlyAsync(echo, abort.Token);
                        // The header and the last payload byte: a wrong length or an unmasking slip shows here, cheaply.
                        if (!echo.AsSpan(0, expected.Length - 1).SequenceEqual(expected.AsSpan(0, expected.Length - 1))
                            || echo[^1] != expected[^1])
                        {
                            throw new IOException($"Unexpected echo frame starting 0x{echo[0]:X2}.");
                        }

                        if (sentAt >= measureFrom)
                        {
                            latency.RecordSince(sentAt);
                            measured++;
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                    error ??= ex.Message;
                    await abort.CancelAsync();
                    return measured;
                }
            });
        }

        await Task.Delay(warmUp);
        double serverCpu = server.CpuSeconds;
        double clientCpu = ProcStat.OwnCpuSeconds();
        await Task.Delay(duration);
        serverCpu = server.CpuSeconds - serverCpu;
        clientCpu = ProcStat.OwnCpuSeconds() - clientCpu;
        long[] counts = await Task.WhenAll(loops);
        return new EchoResult(counts.Sum() / duration.TotalSeconds, latency, serverCpu, clientCpu, error);
    }
}
