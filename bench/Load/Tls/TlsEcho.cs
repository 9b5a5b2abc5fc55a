using System.Diagnostics;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Tls;

/// <summary>Pipelined closed-loop echo over wss://: the same workload as the plain one, one async loop per connection.</summary>
internal sealed class TlsEcho(int size, int inFlight, long measureFrom, long measureTo)
{
    private readonly byte[] _pattern = ClientFrames.TextMessages(size, inFlight);
    private readonly int _frameLength = ClientFrames.FrameLength(size);
    private long _measured;

    /// <summary>Round-trip times of the echoes measured.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Echoes received in the measured interval.</summary>
    public long Measured => Interlocked.Read(ref _measured);

    /// <summary>Runs every client until the measured interval is over and its echoes are back.</summary>
    public async Task RunAsync(IReadOnlyList<TlsClient> clients, CpuMeter cpu)
    {
        using var abort = new CancellationTokenSource(TimeSpan.FromSeconds(30) + Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureTo));
        Task[] loops = clients.Select(c => Task.Run(() => LoopAsync(c, abort.Token))).ToArray();
        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureFrom));
        cpu.Start();
        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureTo));
        cpu.Stop();
        await Task.WhenAll(loops);
    }

    private async Task LoopAsync(TlsClient client, CancellationToken token)
    {
        byte[] buffer = new byte[64 * 1024];
        long[] sentAt = new long[inFlight];
        long sent = inFlight;
        long received = 0;
        Array.Fill(sentAt, Stopwatch.GetTimestamp());
        await client.Stream.WriteAsync(_pattern, token);
        int pending = client.Leftover.Length;
        client.Leftover.CopyTo(buffer, 0);
        while (true)
        {
            if (pending == 0)
            {
                pending = await client.Stream.ReadAsync(buffer, token);
                if (pending == 0)
                {
                    throw new IOException("the server closed the connection");
                }
            }

            long now = Stopwatch.GetTimestamp();
            int more = 0;
            ReadOnlySpan<byte> data = buffer.AsSpan(0, pending);
            while (client.Scanner.TryNext(ref data, out ServerFrame frame))
            {
                if (frame.Opcode != ClientFrames.Text || frame.Length != size)
                {
                    throw new IOException($"an echo of {size} B came back as opcode {frame.Opcode}, {frame.Length} B");
                }

                long at = sentAt[received++ % inFlight];
                if (now >= measureFrom && now < measureTo)
                {
                    Latency.RecordMicros((now - at) * 1_000_000 / Stopwatch.Frequency);
                    Interlocked.Increment(ref _measured);
                }

                if (now < measureTo)
                {
                    sentAt[sent++ % inFlight] = now;
                    more++;
                }
            }

            pending = 0;
            if (more > 0)
            {
                await client.Stream.WriteAsync(_pattern.AsMemory(0, more * _frameLength), token);
            }
            else if (now >= measureTo && received == sent)
            {
                return;
            }
        }
    }
}
