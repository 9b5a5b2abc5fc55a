namespace EspWs.App.Control;

/// <summary>
/// A bounded queue whose items are run one at a time, in the order they were queued, on a thread-pool thread and
/// never on the thread that queued them.
/// </summary>
/// <remarks>
/// No thread waits on the queue: the first item queued into an empty queue schedules a drain, which runs items until
/// the queue is empty and then ends. An idle queue therefore costs no thread and no pending task, so a process can
/// hold many of them. Running items on the pool rather than on the caller keeps a slow item (a Firmata write over
/// serial) off the caller, which is a client's receive loop.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class OrderedWorkQueue<T>
{
    // After this many items a drain hands its thread back and queues itself behind whatever its items woke (the
    // clients' send pumps), so a burst of broadcasts cannot outrun those pumps and fill a reading client's send queue.
    private const int BatchSize = 8;

    private readonly Lock _gate = new();
    private readonly Queue<T> _items = new();
    private readonly List<(long Ticket, TaskCompletionSource Done)> _waiters = [];
    private readonly Action<T> _run;
    private readonly Action<T, Exception> _failed;
    private readonly int _capacity;
    private long _queued;
    private long _done;
    private bool _draining;

    /// <summary>Runs each item with <paramref name="run"/>; an exception it throws goes to <paramref name="failed"/> and the next item runs.</summary>
    public OrderedWorkQueue(int capacity, Action<T> run, Action<T, Exception> failed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _run = run;
        _failed = failed;
    }

    /// <summary>
    /// Queues <paramref name="item"/> behind every item queued before it; false, and nothing queued, when
    /// the queue already holds its capacity and <paramref name="evenWhenFull"/> is false.
    /// </summary>
    public bool TryEnqueue(T item, bool evenWhenFull = false)
    {
        lock (_gate)
        {
            if (!evenWhenFull && _items.Count >= _capacity)
            {
                return false;
            }

            _items.Enqueue(item);
            _queued++;
            if (!_draining)
            {
                _draining = true;
                ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.Drain(), this, preferLocal: false);
            }

            return true;
        }
    }

    /// <summary>True once every item queued before the call has run; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WhenRunAsync(TimeSpan timeout)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_done >= _queued)
            {
                return true;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_queued, done));
        }

        try
        {
            await done.Task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            return false;
        }
    }

    private void Drain()
    {
        T item;
        lock (_gate)
        {
            item = _items.Dequeue();
        }

        for (int run = 1; ; run++)
        {
            try
            {
                _run(item);
            }
            catch (Exception ex)
            {
                _failed(item, ex);
            }

            lock (_gate)
            {
                _done++;
                if (_waiters.Count > 0)
                {
                    ReleaseWaiters();
                }

                if (_items.Count == 0)
                {
                    _draining = false;
                    return;
                }

                if (run == BatchSize)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.Drain(), this, preferLocal: false);
                    return;
                }

                item = _items.Dequeue();
            }
        }
    }

    // Callers hold _gate.
    private void ReleaseWaiters()
    {
        for (int i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Ticket <= _done)
            {
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }
}
