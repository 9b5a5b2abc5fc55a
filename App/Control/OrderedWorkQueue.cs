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
    private readonly Lock _gate = new();
    private readonly Queue<T> _items = new();
    private readonly List<(long Ticket, TaskCompletionSource Done)> _waiters = [];
    private readonly Func<T, bool, bool> _run;
    private readonly Action<T, Exception> _failed;
    private readonly int _capacity;
    private long _queued;
    private long _done;
    private bool _draining;

    /// <summary>
    /// Runs each item with <paramref name="run"/>, told whether another item is already queued behind it (so it may
    /// hold its output back to join the next one's) and answering whether nothing is held back any more; an exception
    /// it throws goes to <paramref name="failed"/> and the next item runs.
    /// </summary>
    public OrderedWorkQueue(int capacity, Func<T, bool, bool> run, Action<T, Exception> failed)
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

    /// <summary>
    /// True once every item queued before the call has run and its output is out (no item holds it back); false when
    /// <paramref name="timeout"/> passes first.
    /// </summary>
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
        bool more;
        lock (_gate)
        {
            item = _items.Dequeue();
            more = _items.Count > 0;
        }

        while (true)
        {
            bool flushed = true;
            try
            {
                flushed = _run(item, more);
            }
            catch (Exception ex)
            {
                _failed(item, ex);
            }

            lock (_gate)
            {
                _done++;

                // A waiter is released at a point where nothing is held back, never starved by a steady flood of items.
                if (flushed)
                {
                    ReleaseWaiters();
                }

                if (_items.Count == 0)
                {
                    _draining = false;
                    return;
                }

                item = _items.Dequeue();
                more = _items.Count > 0;
            }
        }
    }

    // Callers hold _gate.
    private void ReleaseWaiters()
    {
        if (_waiters.Count == 0)
        {
            return;
        }

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
