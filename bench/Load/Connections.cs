using System.Net;

namespace EspWs.Bench.Load;

/// <summary>Opens many WebSocket connections with a bounded number of handshakes in flight.</summary>
internal static class Connections
{
    /// <summary>
    /// Opens up to <paramref name="count"/> connections, <paramref name="parallel"/> at a time, optionally echoing one
    /// small message on each; returns those that succeeded and the first failures' messages.
    /// </summary>
    public static async Task<(List<WsClient> Open, List<string> Errors)> OpenAsync(IPEndPoint server, int count, int parallel,
        bool echoOnce, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var open = new WsClient?[count];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        byte[] frame = ClientFrames.Text(16);
        int echoLength = ClientFrames.EchoLength(16);
        using var gate = new SemaphoreSlim(parallel);
        var tasks = new Task[count];
        for (int i = 0; i < count; i++)
        {
            int index = i;
            tasks[i] = Task.Run(async () =>
            {
                await gate.WaitAsync(deadline.Token);
                WsClient? client = null;
                try
                {
                    client = await WsClient.OpenAsync(server, deadline.Token);
                    if (echoOnce)
                    {
                        byte[] echo = new byte[echoLength];
                        await client.SendAsync(frame, deadline.Token);
                        await client.ReceiveExactlyAsync(echo, deadline.Token);
                    }

                    open[index] = client;
                }
                catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                    client?.Dispose();
                    errors.Enqueue(ex.Message);
                }
                finally
                {
                    gate.Release();
                }
            });
        }

        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
            // Connections still waiting for the gate when time ran out count as not held.
        }

        List<WsClient> succeeded = open.Where(c => c is not null).Select(c => c!).ToList();
        return (succeeded, errors.Take(5).ToList());
    }

    /// <summary>Closes every connection in <paramref name="clients"/>.</summary>
    public static void CloseAll(IEnumerable<WsClient> clients)
    {
        foreach (WsClient client in clients)
        {
            client.Dispose();
        }
    }
}
