using System.Diagnostics;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Tls;

/// <summary>LED fan-out over wss://: the first client sends TOGGLE; a round ends when every client has read the state.</summary>
internal sealed class TlsFanout(int warmUp, int measured) : IDisposable
{
    private static readonly byte[] Toggle = ClientFrames.Command("TOGGLE");
    private int _remaining;
    private long _lastAt;
    private readonly SemaphoreSlim _roundDone = new(0);

    /// <summary>Time from each measured command to the last client receiving its state, in µs.</summary>
    public List<double> Samples { get; } = [];

    /// <summary>Runs the rounds; throws when a round takes more than 15 s.</summary>
    public async Task RunAsync(IReadOnlyList<TlsClient> clients, CpuMeter cpu)
    {
        using var stop = new CancellationTokenSource();
        Task[] readers = clients.Select(c => Task.Run(() => ReadAsync(c, stop.Token))).ToArray();
        try
        {
            for (int round = 0; round < warmUp + measured; round++)
            {
                if (round == warmUp)
                {
                    cpu.Start();
                }

                Volatile.Write(ref _remaining, clients.Count);
                long sentAt = Stopwatch.GetTimestamp();
                await clients[0].Stream.WriteAsync(Toggle, stop.Token);
                if (!await _roundDone.WaitAsync(TimeSpan.FromSeconds(15)))
                {
                    throw new TimeoutException($"{Volatile.Read(ref _remaining)} of {clients.Count} wss:// clients had no state 15 s after the command");
                }

                if (round >= warmUp)
                {
                    Samples.Add((Volatile.Read(ref _lastAt) - sentAt) * 1e6 / Stopwatch.Frequency);
                }

                await Task.Delay(20);
            }

            cpu.Stop();
        }
        finally
        {
            await stop.CancelAsync();
            foreach (TlsClient client in clients)
            {
                await client.DisposeAsync();
            }

            await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _roundDone.Dispose();

    private async Task ReadAsync(TlsClient client, CancellationToken token)
    {
        byte[] buffer = new byte[4096];
        while (!token.IsCancellationRequested)
        {
            int n = await client.Stream.ReadAsync(buffer, token);
            if (n == 0)
            {
                return;
            }

            long now = Stopwatch.GetTimestamp();
            ReadOnlySpan<byte> data = buffer.AsSpan(0, n);
            while (client.Scanner.TryNext(ref data, out ServerFrame frame))
            {
                if (frame.Opcode == ClientFrames.Text && frame.First == (byte)'{' && Interlocked.Decrement(ref _remaining) == 0)
                {
                    Volatile.Write(ref _lastAt, now);
                    _roundDone.Release();
                }
            }
        }
    }
}
