namespace EspWs.App.Server.Connections;

/// <summary>The connected clients, packed in one array, so a broadcast visits exactly them.</summary>
internal sealed class BroadcastSet
{
    private readonly object _gate = new();
    private Connection?[] _members = new Connection?[16];
    private int _count;

    /// <summary>How many clients are in the set now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds <paramref name="connection"/>; it must not be in the set already.</summary>
    public void Join(Connection connection)
    {
        lock (_gate)
        {
            if (_count == _members.Length)
            {
                Array.Resize(ref _members, _members.Length * 2);
            }

            connection.BroadcastIndex = _count;
            _members[_count] = connection;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    /// <summary>Removes <paramref name="connection"/> when it is in the set.</summary>
    public void Leave(Connection connection)
    {
        lock (_gate)
        {
            int index = connection.BroadcastIndex;
            if (index < 0)
            {
                return;
            }

            // The last member takes the leaver's place, so the array stays packed.
            int last = _count - 1;
            Connection moved = _members[last]!;
            _members[index] = moved;
            moved.BroadcastIndex = index;
            _members[last] = null;
            connection.BroadcastIndex = -1;
            Volatile.Write(ref _count, last);
        }
    }

    /// <summary>Queues <paramref name="frame"/> for every member and returns how many took it; never sends on this thread.</summary>
    public int Send(ReadOnlyMemory<byte> frame)
    {
        int accepted = 0;
        lock (_gate)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_members[i]!.TrySend(frame))
                {
                    accepted++;
                }
            }
        }

        return accepted;
    }
}
