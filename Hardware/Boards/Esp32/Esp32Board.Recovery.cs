using System.Device.Gpio;
using Iot.Device.Arduino;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>The recovery half of <see cref="Esp32Board"/>: noticing a lost link, re-establishing it, and closing abandoned Firmata clients for certain.</summary>
public sealed partial class Esp32Board
{
    private static readonly TimeSpan BackgroundWorkWait = TimeSpan.FromSeconds(15);
    private readonly List<Task> _background = [];
    private CancellationTokenSource? _reconnect;
    private (FirmataConnection Connection, byte[] Leftover)? _kept;

    private void OnLinkBroken(FirmataLinkStream link, string reason) =>
        // Called on ArduinoBoard's input thread, which disposing the client joins: handle the loss elsewhere.
        _ = Task.Run(() => HandleLostAsync(link, reason));

    private async Task HandleLostAsync(FirmataLinkStream link, string reason)
    {
        try
        {
            await _connectOne.WaitAsync(_lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        CancellationToken reconnect;
        try
        {
            FirmataSession? lost;
            lock (Gate)
            {
                if (IsClosed || _session is null || !ReferenceEquals(_session.Link, link))
                {
                    return;
                }

                lost = _session;
                _session = null;
                StopReconnecting();
                _reconnect = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
                reconnect = _reconnect.Token;
            }

            _logger.Lost(_transport.Description, reason, _options.ReconnectInterval);
            if (lost.Link.HandOver() is { } handed)
            {
                KeepConnection(new FirmataConnection(handed.Stream, lost.Address), handed.Leftover);
            }

            Link.MarkDisconnected($"the link to the ESP32 over {_transport.Description} is lost: {reason}");
            lost.Dispose();
        }
        finally
        {
            _connectOne.Release();
        }

        Track(ReconnectLoopAsync(reconnect));
    }

    private async Task ReconnectLoopAsync(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(_options.ReconnectInterval, _time, stop);
                await ConnectLinkAsync(_attemptTimeout, stop);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or NotSupportedException or InvalidOperationException)
            {
                _logger.StillUnreachable(_transport.Description, ex.Message);
            }
        }
    }

    private void KeepConnection(FirmataConnection connection, byte[] leftover)
    {
        lock (Gate)
        {
            CloseKeptConnection();
            if (IsClosed)
            {
                connection.Stream.Dispose();
                return;
            }

            _kept = (connection, leftover);
        }
    }

    private (FirmataConnection Connection, byte[] Leftover)? TakeKeptConnection()
    {
        lock (Gate)
        {
            (FirmataConnection Connection, byte[] Leftover)? kept = _kept;
            _kept = null;
            return kept;
        }
    }

    // Callers hold Gate.
    private void CloseKeptConnection()
    {
        _kept?.Connection.Stream.Dispose();
        _kept = null;
    }

    // Callers hold Gate.
    private void StopReconnecting()
    {
        _reconnect?.Cancel();
        _reconnect?.Dispose();
        _reconnect = null;
    }

    private void CloseInBackground(ArduinoBoard firmata, FirmataLinkStream link, Task<FirmataSession> handshake) =>
        Track(Task.Run(async () =>
        {
            // Closing the client closes the stream, which fails a handshake still in progress; close again once it has
            // ended, in case it created its Firmata device after the first close (its input thread would live for ever).
            FirmataSession.Close(firmata, link);
            GpioController? gpio = null;
            try
            {
                gpio = (await handshake).Gpio;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The handshake failed because it was abandoned; that is what was wanted.
            }

            FirmataSession.Close(firmata, link, gpio);
        }));

    private void Track(Task task)
    {
        lock (Gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    private void WaitForBackgroundWork()
    {
        // An attempt in flight sees the cancellation and hands its half-open client to a background close; wait for
        // those closes, because a Firmata client left open keeps the process alive.
        if (_connectOne.Wait(BackgroundWorkWait))
        {
            _connectOne.Release();
        }

        Task[] pending;
        lock (Gate)
        {
            pending = [.. _background];
        }

        try
        {
            Task.WaitAll(pending, BackgroundWorkWait);
        }
        catch (AggregateException)
        {
            // Each task logs or swallows its own failure; here only their end matters.
        }
    }
}
