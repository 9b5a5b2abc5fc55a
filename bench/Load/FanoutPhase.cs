using System.Diagnostics;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Load;

/// <summary>
/// Broadcast fan-out: one client sends <c>TOGGLE</c>; every connected client, the sender included, must receive the
/// LED state; the sample is the time until the last one has it.
/// </summary>
internal static class FanoutPhase
{
    /// <summary>Sends <paramref name="commands"/> TOGGLEs (after <paramref name="warmUp"/> unmeasured ones) to <paramref name="clients"/>.</summary>
    public static async Task<FanoutResult> RunAsync(ServerProcess server, IReadOnlyList<WsClient> clients, int warmUp, int commands)
    {
        using var stop = new CancellationTokenSource();
        var round = new Round(clients.Count);
        var readers = clients.Select(client => Task.Run(() => ReadStatesAsync(client, () => Volatile.Read(ref round), stop.Token)))
            .ToList();
        byte[] toggle = ClientFrames.Command("TOGGLE");
        var samples = new List<double>();
        string? error = null;
        double serverCpu = 0;
        double clientCpu = 0;
        try
        {
            for (int i = 0; i < warmUp + commands; i++)
            {
                if (i == warmUp)
                {
                    serverCpu = server.CpuSeconds;
                    clientCpu = ProcStat.OwnCpuSeconds();
                }

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

            serverCpu = server.CpuSeconds - serverCpu;
            clientCpu = ProcStat.OwnCpuSeconds() - clientCpu;
        }
        catch (TimeoutException)
        {
            string? readerError = readers.FirstOrDefault(r => r.IsFaulted)?.Exception?.InnerException?.Message;
            error = $"a state message did not reach {Volatile.Read(ref round).Remaining} client(s) within 15 s" +
                (readerError is null ? "" : $" (a client's reader failed: {readerError})");
        }
        finally
        {
            await stop.CancelAsync();
            Connections.CloseAll(clients);
            await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        return new FanoutResult(samples, serverCpu, clientCpu, error);
    }

    // One receive per wake-up, then every complete frame in the buffer: the load tool's cost per client stays at one
    // system call, as the server's does.
    private static async Task ReadStatesAsync(WsClient client, Func<Round> current, CancellationToken token)
    {
        byte[] buffer = new byte[4096];
        int start = 0;
        int end = 0;
        while (!token.IsCancellationRequested)
        {
            end += await client.ReceiveSomeAsync(buffer.AsMemory(end), token);
            while (TryTakeFrame(buffer, ref start, end, out Opcode opcode, out bool isState))
            {
                if (isState)
                {
                    current().OnReceived(Stopwatch.GetTimestamp());
                }
                else if (opcode == Opcode.Close)
                {
                    throw new IOException("The server closed this client with a close frame.");
                }
            }

            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }
    }

    // A complete small server frame at buffer[start..end]: the state is a text frame holding a JSON object; the
    // sender's own echo of TOGGLE is text too, but not JSON.
    private static bool TryTakeFrame(byte[] buffer, ref int start, int end, out Opcode opcode, out bool isState)
    {
        isState = false;
        opcode = Opcode.Continuation;
        if (end - start < 2)
        {
            return false;
        }

        int length = buffer[start + 1] & 0x7F;
        int header = 2;
        if (length >= 126)
        {
            throw new IOException("A frame of 126 bytes or more was not expected during fan-out.");
        }

        if (end - start < header + length)
        {
            return false;
        }

        opcode = (Opcode)(buffer[start] & 0x0F);
        isState = opcode == Opcode.Text && length > 0 && buffer[start + header] == (byte)'{';
        start += header + length;
        return true;
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
