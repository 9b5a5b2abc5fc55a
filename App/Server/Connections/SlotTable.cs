using System.Collections.Concurrent;

namespace EspWs.App.Server.Connections;

/// <summary>
/// Slot numbers for live connections, up to <c>Server:MaxClients</c>, in a table filled only as connections arrive:
/// a server configured for 100 000 clients holds nothing for the ones that never came.
/// </summary>
internal sealed class SlotTable
{
    private const int ChunkBits = 8;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly Connection?[]?[] _chunks;
    private readonly ConcurrentStack<int> _freed = new();
    private int _next;
    private int _live;

    /// <summary>Creates a table for at most <paramref name="capacity"/> live connections.</summary>
    public SlotTable(int capacity)
    {
        Capacity = capacity;
        _chunks = new Connection?[]?[(capacity + ChunkSize - 1) / ChunkSize];
    }

    /// <summary>The most connections the table holds at once.</summary>
    public int Capacity { get; }

    /// <summary>How many slots are taken now.</summary>
    public int Live => Volatile.Read(ref _live);

    /// <summary>One more than the highest slot number ever handed out: the part of the table that may hold a connection.</summary>
    public int HighWater => Volatile.Read(ref _next);

    /// <summary>Takes a free slot number; false when every slot is taken.</summary>
    public bool TryTake(out int slot)
    {
        if (Interlocked.Increment(ref _live) > Capacity)
        {
            Interlocked.Decrement(ref _live);
            slot = -1;
            return false;
        }

        // A freed number goes back on the stack before the live count drops, so a fresh one stays below Capacity.
        if (!_freed.TryPop(out slot))
        {
            slot = Interlocked.Increment(ref _next) - 1;
        }

        return true;
    }

    /// <summary>Puts <paramref name="connection"/> in slot <paramref name="slot"/>.</summary>
    public void Set(int slot, Connection connection)
    {
        ref Connection?[]? chunk = ref _chunks[slot >> ChunkBits];
        if (Volatile.Read(ref chunk) is null)
        {
            Interlocked.CompareExchange(ref chunk, new Connection?[ChunkSize], null);
        }

        Volatile.Write(ref chunk![slot & (ChunkSize - 1)], connection);
    }

    /// <summary>The connection in slot <paramref name="slot"/>, or null when the slot is free.</summary>
    public Connection? Get(int slot)
    {
        Connection?[]? chunk = Volatile.Read(ref _chunks[slot >> ChunkBits]);
        return chunk is null ? null : Volatile.Read(ref chunk[slot & (ChunkSize - 1)]);
    }

    /// <summary>Empties slot <paramref name="slot"/> and makes its number free again.</summary>
    public void Free(int slot)
    {
        Connection?[]? chunk = Volatile.Read(ref _chunks[slot >> ChunkBits]);
        if (chunk is not null)
        {
            Volatile.Write(ref chunk[slot & (ChunkSize - 1)], null);
        }

        _freed.Push(slot);
        Interlocked.Decrement(ref _live);
    }
}
