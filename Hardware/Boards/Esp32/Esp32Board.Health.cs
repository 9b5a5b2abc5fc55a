namespace EspWs.Hardware.Boards.Esp32;

/// <summary>The health half of <see cref="Esp32Board"/>: a chip that stops answering while its link stays open is found out.</summary>
/// <remarks>
/// A Wi-Fi module that hangs keeps its TCP connection up, and a hung chip on a USB-serial adapter keeps the port open:
/// nothing fails until the next command. So every <see cref="Esp32BoardOptions.HealthInterval"/> the board asks the
/// chip for its protocol version (one byte out, three back) and waits one interval for the answer; without one, the
/// link is lost and re-established as after any other loss. A silent chip is told within two intervals.
/// </remarks>
public sealed partial class Esp32Board
{
    // Callers hold Gate.
    private void WatchHealth(FirmataSession session)
    {
        if (_options.HealthInterval > TimeSpan.Zero)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(WatchHealthAsync(session));
        }
    }

    private async Task WatchHealthAsync(FirmataSession session)
    {
        TimeSpan interval = _options.HealthInterval;
        CancellationToken ended = session.Ended;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _time, ended);
                Task answered;
                lock (Gate)
                {
                    if (!ReferenceEquals(_session, session))
                    {
                        return;
                    }

                    // Under the lock every write to the chip takes, so the probe never lands inside another message.
                    answered = session.Link.Probe();
                }

                try
                {
                    await answered.WaitAsync(interval, _time, ended);
                }
                catch (TimeoutException)
                {
                    _logger.HealthCheckUnanswered(_transport.Description, interval);
                    session.Link.Abandon($"no answer to a health check within {interval}");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The link broke meanwhile; its loss is handled where it was seen.
        }
    }
}
