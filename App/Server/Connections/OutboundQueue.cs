namespace EspWs.App.Server.Connections;

/// <summary>
/// The server messages waiting for one client, in order, at most <c>Server:SendQueueLength</c> of them. It grows
/// only as far as the client falls behind, so a client that keeps up holds a few entries.
/// </summary>
internal sealed class OutboundQueue
{
    private const int InitialLength = 4;

    private readonly object _gate = new();
    private readonly int _capacity;
    private ReadOnlyMemory<byte>[] _items = [];
    private int _head;
    private int _count;

    /// <summary>Creates an empty queue that holds at most <paramref name="capacity"/> frames.</summary>
    public OutboundQueue(int capacity) => _capacity = capacity;

    /// <summary>How many frames wait.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Appends <paramref name="frame"/>; false when the queue holds <paramref name="limit"/> frames already.</summary>
    public bool TryEnqueue(ReadOnlyMemory<byte> frame, int limit)
    {
        lock (_gate)
        {
            if (_count >= Math.Min(limit, _capacity))
            {
                return false;
            }

            if (_count == _items.Length)
            {
                Grow();
            }

            _items[(_head + _count) % _items.Length] = frame;
            Volatile.Write(ref _count, _count + 1);
            return true;
        }
    }

    /// <summary>The oldest frame, left in the queue; false when it is empty.</summary>
    public bool TryPeek(out ReadOnlyMemory<byte> frame)
    {
        lock (_gate)
        {
            frame = _count == 0 ? default : _items[_head];
            return _count > 0;
        }
    }

    /// <summary>Drops the oldest frame, the one <see cref="TryPeek"/> returned.</summary>
    public void Dequeue()
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return;
            }

            _items[_head] = default;
            _head = (_head + 1) % _items.Length;
            Volatile.Write(ref _count, _count - 1);
        }
    }

    private void Grow()
    {
        var bigger = new ReadOnlyMemory<byte>[Math.Min(Math.Max(InitialLength, _items.Length * 2), _capacity)];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) % _items.Length];
        }

        _items = bigger;
        _head = 0;
    }
}
