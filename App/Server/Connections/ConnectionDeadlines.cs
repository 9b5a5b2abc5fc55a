using EspWs.App.Configuration;

namespace EspWs.App.Server.Connections;

/// <summary>
/// A connection's armed deadlines as timestamps: the handshake, the keepalive (ping and pong), the send in progress,
/// the data rate of a message that holds budget, and the closing handshake. The lifecycle and the receive loop arm
/// and disarm them; the watchdog judges them.
/// </summary>
/// <remarks>Written by the connection's own loop, read by the watchdog's thread: every field is read and written atomically.</remarks>
internal sealed class ConnectionDeadlines
{
    private readonly TimeProvider _time;
    private long _handshakeSince;
    private long _closeSince;
    private long _lastReceiveAt;
    private long _pingSentAt;
    private long _sendStartedAt;
    private long _messageDueAt;
    private int _keepaliveArmed;

    /// <summary>Creates the deadlines, all disarmed, measured on <paramref name="time"/>.</summary>
    public ConnectionDeadlines(TimeProvider time) => _time = time;

    /// <summary>Starts the handshake clock.</summary>
    public void ArmHandshake() => Volatile.Write(ref _handshakeSince, Now());

    /// <summary>Stops the handshake clock.</summary>
    public void DisarmHandshake() => Volatile.Write(ref _handshakeSince, 0);

    /// <summary>Starts the closing-handshake clock.</summary>
    public void ArmClose() => Volatile.Write(ref _closeSince, Now());

    /// <summary>Starts the keepalive watch, counting silence from now.</summary>
    public void ArmKeepalive()
    {
        Volatile.Write(ref _lastReceiveAt, Now());
        Volatile.Write(ref _pingSentAt, 0);
        Volatile.Write(ref _keepaliveArmed, 1);
    }

    /// <summary>Stops the keepalive watch.</summary>
    public void DisarmKeepalive() => Volatile.Write(ref _keepaliveArmed, 0);

    /// <summary>Records that bytes arrived: the peer is alive.</summary>
    public void Received() => Volatile.Write(ref _lastReceiveAt, Now());

    /// <summary>Records that a ping went out; its pong is now due.</summary>
    public void PingSent() => Volatile.Write(ref _pingSentAt, Now());

    /// <summary>Records that a pong arrived.</summary>
    public void PongReceived() => Volatile.Write(ref _pingSentAt, 0);

    /// <summary>Records that a write started; it must end within Server:SendTimeout.</summary>
    public void SendStarted() => Volatile.Write(ref _sendStartedAt, Now());

    /// <summary>True while a write is under way; one that lasts is one the kernel could not take (the client does not read).</summary>
    public bool SendInProgress => Volatile.Read(ref _sendStartedAt) != 0;

    /// <summary>Records that the write ended.</summary>
    public void SendEnded() => Volatile.Write(ref _sendStartedAt, 0);

    /// <summary>
    /// Starts the data-rate watch of a message that holds budget, unless it runs already: the message is due
    /// Server:MessageDataRateGracePeriod from now.
    /// </summary>
    public void WatchMessageRate(ServerSettings options)
    {
        if (Volatile.Read(ref _messageDueAt) == 0 && options.MinMessageDataRate > 0)
        {
            Volatile.Write(ref _messageDueAt, Now() + TimestampTicks(options.MessageDataRateGracePeriod));
        }
    }

    /// <summary>Stops the data-rate watch: the message holds no budget any more.</summary>
    public void StopMessageRateWatch()
    {
        if (Volatile.Read(ref _messageDueAt) != 0)
        {
            Volatile.Write(ref _messageDueAt, 0);
        }
    }

    /// <summary>
    /// Credits <paramref name="count"/> bytes of the watched message: each byte moves its deadline on by
    /// 1/Server:MinMessageDataRate seconds, never further than the grace period from now, so a message that stops
    /// arriving is due one grace period after its last byte and one that trickles falls behind until it is due.
    /// </summary>
    public void MessageBytesReceived(int count, ServerSettings options)
    {
        long due = Volatile.Read(ref _messageDueAt);
        if (due == 0)
        {
            return;
        }

        long earned = due + (count * _time.TimestampFrequency / options.MinMessageDataRate);
        Volatile.Write(ref _messageDueAt, Math.Min(earned, Now() + TimestampTicks(options.MessageDataRateGracePeriod)));
    }

    /// <summary>What the deadlines call for at <paramref name="now"/>.</summary>
    public DeadlineVerdict Check(long now, ServerSettings options)
    {
        if (Passed(Volatile.Read(ref _handshakeSince), now, options.HandshakeTimeout))
        {
            return DeadlineVerdict.HandshakeTimedOut;
        }

        if (Passed(Volatile.Read(ref _closeSince), now, options.CloseTimeout))
        {
            return DeadlineVerdict.CloseTimedOut;
        }

        if (Passed(Volatile.Read(ref _sendStartedAt), now, options.SendTimeout))
        {
            return DeadlineVerdict.SendTimedOut;
        }

        long messageDue = Volatile.Read(ref _messageDueAt);
        if (messageDue != 0 && now > messageDue)
        {
            return DeadlineVerdict.MessageTooSlow;
        }

        if (Volatile.Read(ref _keepaliveArmed) == 0 || options.PingInterval <= TimeSpan.Zero)
        {
            return DeadlineVerdict.None;
        }

        long pingSent = Volatile.Read(ref _pingSentAt);
        if (pingSent != 0)
        {
            return Passed(pingSent, now, options.PongTimeout) ? DeadlineVerdict.PongTimedOut : DeadlineVerdict.None;
        }

        return Passed(Volatile.Read(ref _lastReceiveAt), now, options.PingInterval) ? DeadlineVerdict.PingDue : DeadlineVerdict.None;
    }

    private bool Passed(long armedAt, long now, TimeSpan limit) => armedAt != 0 && _time.GetElapsedTime(armedAt, now) > limit;

    private long TimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    // 0 means disarmed, so a clock that starts at 0 is nudged by one tick.
    private long Now() => Math.Max(1, _time.GetTimestamp());
}
