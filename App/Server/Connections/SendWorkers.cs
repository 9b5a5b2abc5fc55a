using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The threads that send queued server messages: one a core, each serving a fixed share of the connections, so one
/// broadcast reaches N clients from every core at once, a client's messages keep their order, and no broadcaster
/// ever sends on its own thread.
/// </summary>
/// <remarks>
/// Dedicated threads, not the thread pool: receive loops that are busy with a flood may hold every pool thread, and
/// the state of the LED must still reach everyone at once. A worker never waits for a slow client: a write the
/// kernel cannot take at once finishes asynchronously, and the worker goes on to the next connection.
/// </remarks>
internal sealed class SendWorkers : IDisposable
{
    private readonly BlockingCollection<Connection>[] _queues;
    private readonly Thread[] _threads;
    private readonly ILogger _log;

    /// <summary>Starts <paramref name="count"/> workers.</summary>
    public SendWorkers(int count, ILogger log)
    {
        _log = log;
        _queues = new BlockingCollection<Connection>[count];
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            _queues[i] = new BlockingCollection<Connection>(new ConcurrentQueue<Connection>());
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"EspWs send {i}" };
            _threads[i].Start(_queues[i]);
        }
    }

    /// <summary>Asks a worker to send what <paramref name="connection"/> has queued.</summary>
    public void Post(Connection connection)
    {
        BlockingCollection<Connection> queue = _queues[connection.SlotId % _queues.Length];
        try
        {
            queue.TryAdd(connection);
        }
        catch (InvalidOperationException)
        {
            // The server stopped; its connections are being closed.
        }
    }

    /// <summary>Stops the workers once they have finished what they hold, waiting at most a second for each.</summary>
    public void Dispose()
    {
        foreach (BlockingCollection<Connection> queue in _queues)
        {
            queue.CompleteAdding();
        }

        foreach (Thread thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(1));
        }

        foreach (BlockingCollection<Connection> queue in _queues)
        {
            queue.Dispose();
        }
    }

    private void Run(object? state)
    {
        var queue = (BlockingCollection<Connection>)state!;
        foreach (Connection connection in queue.GetConsumingEnumerable())
        {
            try
            {
                connection.Send.RunFromWorker();
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine("WORKERFAIL " + ex);
                _log.LogError(ex, "Slot {Slot}: sending its queued messages failed.", connection.SlotId);
            }
        }
    }
}
