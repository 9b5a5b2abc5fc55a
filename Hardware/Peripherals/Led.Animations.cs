namespace EspWs.Hardware.Peripherals;

/// <summary>The blinking half of <see cref="Led"/>: one animation at a time, timed by the injected clock.</summary>
public sealed partial class Led
{
    private static readonly TimeSpan DefaultBlinkDuration = TimeSpan.FromMilliseconds(500);

    private CancellationTokenSource? _animationCancellation;
    private Task _animation = Task.CompletedTask;

    /// <inheritdoc/>
    public Task StartBlink() => StartBlink(DefaultBlinkDuration, DefaultBlinkDuration);

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The LED was disposed.</exception>
    public async Task StartBlink(TimeSpan onDuration, TimeSpan offDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(onDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(offDuration, TimeSpan.Zero);
        Task previous;
        Task started;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            previous = CancelAnimation();
            var cancellation = new CancellationTokenSource();
            _animationCancellation = cancellation;

            // Runs synchronously up to its first delay, so the LED is lit before the lock is released.
            started = BlinkAsync(onDuration, offDuration, cancellation);
            _animation = started;
        }

        await previous.ConfigureAwait(false);
        if (started.IsFaulted)
        {
            // The first write failed (a closed port, say): tell the caller rather than blink nothing.
            await started.ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task StopAnimation()
    {
        Task running;
        lock (_gate)
        {
            running = CancelAnimation();
            if (!_disposed)
            {
                Write(false);
            }
        }

        await running.ConfigureAwait(false);
    }

    // Callers hold _gate. Once this returns, the cancelled loop can no longer write (see WriteIfCurrent).
    private Task CancelAnimation()
    {
        CancellationTokenSource? cancellation = _animationCancellation;
        _animationCancellation = null;
        cancellation?.Cancel();
        Task running = _animation;
        _animation = Task.CompletedTask;
        return running;
    }

    private async Task BlinkAsync(TimeSpan onDuration, TimeSpan offDuration, CancellationTokenSource cancellation)
    {
        CancellationToken token = cancellation.Token;
        try
        {
            while (WriteIfCurrent(true, cancellation))
            {
                await Task.Delay(onDuration, _timeProvider, token).ConfigureAwait(false);
                if (!WriteIfCurrent(false, cancellation))
                {
                    break;
                }

                await Task.Delay(offDuration, _timeProvider, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping the animation is how it ends.
        }
        finally
        {
            // A port that threw ends the loop while it is still current; forget it so nobody cancels a disposed source.
            lock (_gate)
            {
                if (ReferenceEquals(_animationCancellation, cancellation))
                {
                    _animationCancellation = null;
                }
            }

            cancellation.Dispose();
        }
    }

    private bool WriteIfCurrent(bool value, CancellationTokenSource cancellation)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_animationCancellation, cancellation))
            {
                return false;
            }

            Write(value);
            return true;
        }
    }
}
