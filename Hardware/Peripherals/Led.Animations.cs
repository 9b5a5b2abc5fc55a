namespace EspWs.Hardware.Peripherals;

/// <summary>The blinking half of <see cref="Led"/>: one animation at a time, timed by the injected clock.</summary>
/// <remarks>
/// The blink runs on one <see cref="ITimer"/> from the injected <see cref="TimeProvider"/> rather than a loop of
/// <c>Task.Delay</c>: a timer callback toggles the LED at once, so <c>FakeTimeProvider.Advance</c> applies every
/// toggle before it returns (a delay's continuation would run later on the thread pool), and a blink costs
/// no task or state machine per toggle.
/// </remarks>
public sealed partial class Led
{
    private static readonly TimeSpan DefaultBlinkDuration = TimeSpan.FromMilliseconds(500);

    private ITimer? _blinkTimer;
    private object? _blinkGeneration;
    private TimeSpan _onDuration;
    private TimeSpan _offDuration;

    /// <inheritdoc/>
    public Task StartBlink() => StartBlink(DefaultBlinkDuration, DefaultBlinkDuration);

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The LED was disposed.</exception>
    public Task StartBlink(TimeSpan onDuration, TimeSpan offDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(onDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(offDuration, TimeSpan.Zero);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CancelAnimation();
            _onDuration = onDuration;
            _offDuration = offDuration;
            Write(true);

            // The lock is held, so a first tick that comes early waits until the timer is recorded as current.
            var generation = new object();
            _blinkGeneration = generation;
            _blinkTimer = _timeProvider.CreateTimer(OnBlinkTick, generation, onDuration, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAnimation()
    {
        lock (_gate)
        {
            CancelAnimation();
            if (!_disposed)
            {
                Write(false);
            }
        }

        return Task.CompletedTask;
    }

    // Callers hold _gate. A tick already under way checks the generation under the same lock, so none writes after this.
    private void CancelAnimation()
    {
        _blinkGeneration = null;
        _blinkTimer?.Dispose();
        _blinkTimer = null;
    }

    private void OnBlinkTick(object? generation)
    {
        lock (_gate)
        {
            if (_blinkTimer is null || !ReferenceEquals(generation, _blinkGeneration))
            {
                return;
            }

            try
            {
                bool next = !_isOn;
                Write(next);
                _blinkTimer.Change(next ? _onDuration : _offDuration, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The port was closed under the blink (its board was disposed): the blink ends; an exception
                // escaping a timer callback would end the process instead.
                CancelAnimation();
            }
        }
    }
}
