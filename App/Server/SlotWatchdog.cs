using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>
/// One timer for all slots: enforces the handshake, keepalive, send and close deadlines, so the frame path
/// itself never arms a timer.
/// </summary>
internal sealed class SlotWatchdog : IAsyncDisposable
{
    private static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTick = TimeSpan.FromSeconds(1);

    private readonly ConnectionSlot[] _slots;
    private readonly bool[] _occupied;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>
    /// Starts watching the <paramref name="slots"/> whose <paramref name="occupied"/> flag is set (a free slot has no
    /// deadline), ticking at a quarter of the shortest deadline.
    /// </summary>
    public SlotWatchdog(ConnectionSlot[] slots, bool[] occupied, WebSocketServerOptions options, TimeProvider time, ILogger log)
    {
        _slots = slots;
        _occupied = occupied;
        _time = time;
        _log = log;
        TimeSpan shortest = new[] { options.HandshakeTimeout, options.PongTimeout, options.CloseTimeout, options.SendTimeout }
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
                for (int i = 0; i < _slots.Length; i++)
                {
                    if (Volatile.Read(ref _occupied[i]))
                    {
                        _slots[i].CheckDeadlines(now);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the server.
        }
        catch (Exception ex)
        {
            _log.LogCritical(ex, "The slot watchdog failed; deadlines are no longer enforced.");
        }
    }
}
