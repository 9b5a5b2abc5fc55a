using System.Diagnostics;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Load;

/// <summary>What the broadcast runs measured: the time from sending the command to the last client receiving the state.</summary>
/// <param name="Samples">One time per command, in microseconds.</param>
/// <param name="Error">Why the run stopped early, or null.</param>
internal sealed record FanoutResult(List<double> Samples, string? Error);

/// <summary>
/// Broadcast fan-out: one client sends <c>TOGGLE</c>; every connected client, the sender included, must receive the
/// LED state; the sample is the time until the last one has it.
/// </summary>
internal static class FanoutPhase
{
    /// <summary>Sends <paramref name="commands"/> TOGGLEs (after <paramref name="warmUp"/> unmeasured ones) to <paramref name="clients"/>.</summary>
    public static async Task<FanoutResult> RunAsync(IReadOnlyList<WsClient> clients, int warmUp, int commands)
    {
        using var stop = new CancellationTokenSource();
        var round = new Round(clients.Count);
        var readers = clients.Select(client => Task.Run(() => ReadStatesAsync(client, () => Volatile.Read(ref round), stop.Token))).ToList();
        byte[] toggle = ClientFrames.Command("TOGGLE");
        var samples = new List<double>();
        string? error = null;
        try
        {
            for (int i = 0; i < warmUp + commands; i++)
            {
                var next = new Round(clients.Count);
                Volatile.Write(ref round, next);
                long sentAt = Stopwatch.GetTimestamp();
                await clients[0].SendAsync(toggle, stop.Token);
                long lastAt = await next.AllReceived.Task.WaitAsync(TimeSpan.FromSeconds(15));
                if (i >= warmUp)
                {
                    samples.Add(Stopwatch.GetElapsedTime(sentAt, lastAt).TotalMicroseconds);
                }

                // A pause, so each command meets a quiet server, as a person pressing a button would.
                await Task.Delay(20);
            }
        }
        catch (TimeoutException)
        {
            error = $"a state message did not reach {Volatile.Read(ref round).Remaining} client(s) within 15 s";
        }
        finally
        {
            await stop.CancelAsync();
            Connections.CloseAll(clients);
            await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        return new FanoutResult(samples, error);
    }

    private static async Task ReadStatesAsync(WsClient client, Func<Round> current, CancellationToken token)
    {
        byte[] buffer = new byte[256];
        while (!token.IsCancellationRequested)
        {
            (Opcode opcode, int length) = await client.ReceiveFrameAsync(buffer, token);

            // The sender's own echo of TOGGLE is text too; the state is the JSON object.
            int header = FrameWriter.HeaderLength(length);
            if (opcode == Opcode.Text && length > 0 && buffer[header] == (byte)'{')
            {
                current().OnReceived(Stopwatch.GetTimestamp());
            }
        }
    }

    /// <summary>One command's wait: counts clients down and remembers when the last one received the state.</summary>
    private sealed class Round(int clients)
    {
        private int _remaining = clients;

        public TaskCompletionSource<long> AllReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Remaining => Volatile.Read(ref _remaining);

        public void OnReceived(long timestamp)
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                AllReceived.TrySetResult(timestamp);
            }
        }
    }
}
