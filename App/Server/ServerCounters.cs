namespace EspWs.App.Server;

/// <summary>
/// The server's running totals, owned by the server and read by metrics: connections, refusals, messages, bytes,
/// close codes, slow readers and slow senders. Every figure only grows, except <see cref="ConnectionsOpen"/>.
/// </summary>
/// <remarks>
/// Plain counters updated with interlocked adds, so the frame path pays a few nanoseconds and allocates nothing;
/// readers (a Meter's observable instruments) take them when scraped. Close codes are counted per code for the
/// codes RFC 6455 §7.4.1 defines, and in two buckets for the ranges applications use, so a client cannot create
/// a series per code it invents.
/// </remarks>
public sealed class ServerCounters
{
    /// <summary>The close codes counted one by one; any other code is counted in its range's bucket.</summary>
    public static readonly IReadOnlyList<ushort> NamedCloseCodes = [1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011];

    /// <summary>The HTTP statuses a handshake can be refused with, each counted on its own.</summary>
    public static readonly IReadOnlyList<int> RefusalStatuses = [400, 401, 403, 404, 405, 426, 429, 431, 503];

    private readonly long[] _closeSent = new long[NamedCloseCodes.Count + 2];
    private readonly long[] _closeReceived = new long[NamedCloseCodes.Count + 2];
    private readonly long[] _refused = new long[RefusalStatuses.Count + 1];
    private long _accepted;
    private long _open;
    private long _messagesIn;
    private long _messagesOut;
    private long _bytesIn;
    private long _bytesOut;
    private long _droppedTooSlow;
    private long _messagesTooSlow;

    /// <summary>WebSocket clients connected now (handshake done, not yet closed).</summary>
    public long ConnectionsOpen => Volatile.Read(ref _open);

    /// <summary>WebSocket handshakes accepted since start.</summary>
    public long ConnectionsAccepted => Volatile.Read(ref _accepted);

    /// <summary>Complete messages received from clients (text and binary; control frames not counted).</summary>
    public long MessagesIn => Volatile.Read(ref _messagesIn);

    /// <summary>Data frames sent to clients: echoes, states and board messages.</summary>
    public long MessagesOut => Volatile.Read(ref _messagesOut);

    /// <summary>Payload bytes of the messages counted in <see cref="MessagesIn"/>.</summary>
    public long BytesIn => Volatile.Read(ref _bytesIn);

    /// <summary>Payload bytes of the frames counted in <see cref="MessagesOut"/>.</summary>
    public long BytesOut => Volatile.Read(ref _bytesOut);

    /// <summary>Clients closed because they did not read their messages in time (full send queue or send timeout).</summary>
    public long DroppedTooSlow => Volatile.Read(ref _droppedTooSlow);

    /// <summary>Clients closed with 1008 because a message holding budget arrived slower than Server:MinMessageDataRate.</summary>
    public long MessagesTooSlow => Volatile.Read(ref _messagesTooSlow);

    /// <summary>A handshake succeeded: one more client connected.</summary>
    public void OnConnected()
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _open);
    }

    /// <summary>A connected client's connection ended, however it ended.</summary>
    public void OnDisconnected() => Interlocked.Decrement(ref _open);

    /// <summary>A handshake or plain request was refused with HTTP <paramref name="status"/>.</summary>
    public void OnRefused(int status)
    {
        int index = IndexOf(RefusalStatuses, status);
        Interlocked.Increment(ref _refused[index < 0 ? RefusalStatuses.Count : index]);
    }

    /// <summary>A complete message of <paramref name="payloadBytes"/> arrived.</summary>
    public void OnMessageIn(int payloadBytes)
    {
        Interlocked.Increment(ref _messagesIn);
        Interlocked.Add(ref _bytesIn, payloadBytes);
    }

    /// <summary><paramref name="messages"/> data frames carrying <paramref name="payloadBytes"/> in all went out.</summary>
    public void OnMessagesOut(int messages, long payloadBytes)
    {
        Interlocked.Add(ref _messagesOut, messages);
        Interlocked.Add(ref _bytesOut, payloadBytes);
    }

    /// <summary>A client was closed for not reading fast enough.</summary>
    public void OnDroppedTooSlow() => Interlocked.Increment(ref _droppedTooSlow);

    /// <summary>A client was closed because its message, holding budget, stopped arriving or trickled.</summary>
    public void OnMessageTooSlow() => Interlocked.Increment(ref _messagesTooSlow);

    /// <summary>The server sent a close frame with <paramref name="code"/>.</summary>
    public void OnCloseSent(ushort code) => Interlocked.Increment(ref _closeSent[CloseIndex(code)]);

    /// <summary>A client's close frame carried <paramref name="code"/> (1005 when it carried none).</summary>
    public void OnCloseReceived(ushort code) => Interlocked.Increment(ref _closeReceived[CloseIndex(code)]);

    /// <summary>How many handshakes were refused with <paramref name="status"/>; any status not listed is counted under 0.</summary>
    public long Refused(int status)
    {
        int index = status == 0 ? RefusalStatuses.Count : IndexOf(RefusalStatuses, status);
        return index < 0 ? 0 : Volatile.Read(ref _refused[index]);
    }

    /// <summary>How many close frames the server sent with <paramref name="code"/> (or, for a bucket, any code of its range).</summary>
    public long CloseSent(string code) => Volatile.Read(ref _closeSent[BucketIndex(code)]);

    /// <summary>How many close frames clients sent with <paramref name="code"/> (or, for a bucket, any code of its range).</summary>
    public long CloseReceived(string code) => Volatile.Read(ref _closeReceived[BucketIndex(code)]);

    /// <summary>The labels close codes are counted under: each named code, then <c>3000-3999</c> and <c>4000-4999</c>.</summary>
    public static IReadOnlyList<string> CloseCodeLabels { get; } =
        [.. NamedCloseCodes.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)), "3000-3999", "4000-4999"];

    private static int CloseIndex(ushort code)
    {
        int named = IndexOf(NamedCloseCodes, code);
        if (named >= 0)
        {
            return named;
        }

        // Codes outside these ranges are refused with 1002 before they are counted; any that slip through land in the last bucket.
        return code is >= 3000 and <= 3999 ? NamedCloseCodes.Count : NamedCloseCodes.Count + 1;
    }

    private static int BucketIndex(string label)
    {
        for (int i = 0; i < CloseCodeLabels.Count; i++)
        {
            if (CloseCodeLabels[i] == label)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(label), label, "Not a close code label: see CloseCodeLabels.");
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, T value)
        where T : IEquatable<T>
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].Equals(value))
            {
                return i;
            }
        }

        return -1;
    }
}
