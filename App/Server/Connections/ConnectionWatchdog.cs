using EspWs.App.Configuration;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

/// <summary>
/// One timer for all connections: enforces the handshake, keepalive, send, message data-rate and close deadlines, so the frame path
/// itself never arms a timer.
/// </summary>
internal sealed class ConnectionWatchdog : IAsyncDisposable
{
    // Spares dropped below this are left to the collector's own pace.
    private const long GiveBackAfterDropping = 1024 * 1024;

    private static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTick = TimeSpan.FromSeconds(1);

    private readonly SlotTable _slots;
    private readonly MessageMemoryBudget _budget;
    private readonly ServerSettings _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>
    /// Starts watching the connections in <paramref name="slots"/>, ticking at a quarter of the shortest deadline, and
    /// trims the spares of <paramref name="budget"/> once large messages stop.
    /// </summary>
    public ConnectionWatchdog(SlotTable slots, MessageMemoryBudget budget, ServerSettings options, TimeProvider time, ILogger log)
    {
        _slots = slots;
        _budget = budget;
        _options = options;
        _time = time;
        _log = log;
        TimeSpan shortest = new[] { options.HandshakeTimeout, options.PongTimeout, options.CloseTimeout, options.SendTimeout, options.MessageDataRateGracePeriod }
            .Append(options.PingInterval > TimeSpan.Zero ? options.PingInterval : MaxTick)
            .Min();
        Tick = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, MinTick.Ticks, MaxTick.Ticks));
        _loop = RunAsync();
    }

    /// <summary>How often the deadlines are checked; a deadline is enforced at most this late.</summary>
    public TimeSpan Tick { get; }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Tick, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                long now = _time.GetTimestamp();
                int highWater = _slots.HighWater;
                for (int i = 0; i < highWater; i++)
                {
                    if (_slots.Get(i) is { } connection)
                    {
                        Enforce(connection, now);
                    }
                }

                if (_budget.TrimSpares() >= GiveBackAfterDropping)
                {
                    // The large messages are over: what they held would otherwise stay committed while the device idles.
                    HeapGiveBack.GiveBackNow(_log, LogLevel.Debug, "Large messages over");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the server.
        }
        catch (Exception ex)
        {
            _log.LogCritical(ex, "The connection watchdog failed; deadlines are no longer enforced.");
        }
    }

    // Posts a request or cuts: the work (a ping, a close) is the connection loop's, never the watchdog's.
    private static void Enforce(Connection connection, long now)
    {
        switch (connection.Deadlines.Check(now, connection.Options))
        {
            case DeadlineVerdict.PingDue:
                connection.Wake.Post(WakeRequest.Ping);
                break;
            case DeadlineVerdict.HandshakeTimedOut:
                connection.Abort(AbortReason.HandshakeTimeout);
                break;
            case DeadlineVerdict.PongTimedOut:
                connection.Abort(AbortReason.PongTimeout);
                break;
            case DeadlineVerdict.SendTimedOut:
                if (connection.Abort(AbortReason.SendTimeout))
                {
                    connection.Counters.OnDroppedTooSlow();
                }

                break;
            case DeadlineVerdict.MessageTooSlow:
                if (connection.Close.TryRequest(1008, "message arrives too slowly"))
                {
                    connection.Log.LogInformation("Slot {Slot}: client {Remote} holds message memory but its message arrives slower than Server:MinMessageDataRate ({Rate} B/s); closing it with 1008.",
                        connection.SlotId, connection.RemoteEndPoint, connection.Options.MinMessageDataRate);
                    connection.Counters.OnMessageTooSlow();
                    connection.Wake.Post(WakeRequest.Close);
                }

                break;
            case DeadlineVerdict.CloseTimedOut:
                connection.Abort(AbortReason.CloseTimeout);
                break;
        }
    }
}
