namespace EspWs.Hardware.Peripherals;

/// <summary>The blinking and pulsing half of <see cref="PwmLed"/>: one animation at a time, timed by the injected clock.</summary>
/// <remarks>
/// As <see cref="Led"/>'s blink, an animation runs on one <see cref="ITimer"/> from the injected
/// <see cref="TimeProvider"/>, so <c>FakeTimeProvider.Advance</c> applies every step before it returns. A pulse
/// writes the port every <see cref="PulseStepInterval"/> and takes its brightness from the time since it started, so
/// a late step never stretches the pulse.
/// </remarks>
public sealed partial class PwmLed
{
    /// <summary>How often a pulse writes the port: 50 steps a second, smooth to the eye and 150 bytes a second over Firmata.</summary>
    public static readonly TimeSpan PulseStepInterval = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan DefaultBlinkDuration = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DefaultPulseDuration = TimeSpan.FromSeconds(1);

    private Animation? _animation;

    /// <inheritdoc/>
    public Task StartBlink() => StartBlink(DefaultBlinkDuration, DefaultBlinkDuration);

    /// <inheritdoc/>
    /// <remarks>The LED blinks at its last non-zero brightness.</remarks>
    public Task StartBlink(TimeSpan onDuration, TimeSpan offDuration)
    {
        float high;
        lock (_gate)
        {
            high = _onBrightness;
        }

        return StartBlink(onDuration, offDuration, high);
    }

    /// <inheritdoc/>
    public Task StartBlink(float highBrightness, float lowBrightness = 0f) =>
        StartBlink(DefaultBlinkDuration, DefaultBlinkDuration, highBrightness, lowBrightness);

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A duration is not positive, a brightness is outside 0 to 1, or the high brightness is not above the low one.</exception>
    /// <exception cref="ObjectDisposedException">The LED was disposed.</exception>
    public Task StartBlink(TimeSpan onDuration, TimeSpan offDuration, float highBrightness, float lowBrightness = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(onDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(offDuration, TimeSpan.Zero);
        CheckRange(highBrightness, lowBrightness);
        Start(new Animation(highBrightness, lowBrightness, onDuration, offDuration, Pulse: false), onDuration, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StartPulse(float highBrightness = 1f, float lowBrightness = 0.15f) =>
        StartPulse(DefaultPulseDuration, highBrightness, lowBrightness);

    /// <inheritdoc/>
    /// <remarks>The brightness falls from high to low and rises back, linearly, once every <paramref name="pulseDuration"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The duration is shorter than two steps, a brightness is outside 0 to 1, or the high brightness is not above the low one.</exception>
    /// <exception cref="ObjectDisposedException">The LED was disposed.</exception>
    public Task StartPulse(TimeSpan pulseDuration, float highBrightness = 1f, float lowBrightness = 0.15f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pulseDuration, 2 * PulseStepInterval);
        CheckRange(highBrightness, lowBrightness);
        Start(new Animation(highBrightness, lowBrightness, pulseDuration, pulseDuration, Pulse: true), PulseStepInterval, PulseStepInterval);
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
                Write(0f);
            }
        }

        return Task.CompletedTask;
    }

    private static void CheckRange(float high, float low)
    {
        CheckBrightness(high, nameof(high));
        CheckBrightness(low, nameof(low));
        if (high <= low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"The high brightness must be above the low one ({low}).");
        }
    }

    private void Start(Animation animation, TimeSpan firstStep, TimeSpan period)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CancelAnimation();
            Write(animation.High);
            animation.Started = _timeProvider.GetUtcNow();

            // The lock is held, so a first step that comes early waits until the animation is recorded as current.
            _animation = animation;
            animation.Timer = _timeProvider.CreateTimer(OnStep, animation, firstStep, period);
        }
    }

    // Callers hold _gate. A step already under way checks the animation under the same lock, so none writes after this.
    private void CancelAnimation()
    {
        _animation?.Timer?.Dispose();
        _animation = null;
    }

    private void OnStep(object? state)
    {
        lock (_gate)
        {
            if (state is not Animation animation || !ReferenceEquals(animation, _animation))
            {
                return;
            }

            try
            {
                if (animation.Pulse)
                {
                    Write(animation.PulseBrightness(_timeProvider.GetUtcNow()));
                }
                else
                {
                    bool high = _brightness != animation.High;
                    Write(high ? animation.High : animation.Low);
                    animation.Timer!.Change(high ? animation.OnDuration : animation.OffDuration, Timeout.InfiniteTimeSpan);
                }
            }
            catch (ObjectDisposedException)
            {
                // The port was closed under the animation (its board was disposed): it ends; an exception escaping a
                // timer callback would end the process instead.
                CancelAnimation();
            }
        }
    }

    /// <summary>One running animation: a blink between two brightnesses, or a pulse whose period is <see cref="OnDuration"/>.</summary>
    private sealed record Animation(float High, float Low, TimeSpan OnDuration, TimeSpan OffDuration, bool Pulse)
    {
        public ITimer? Timer { get; set; }

        public DateTimeOffset Started { get; set; }

        // A triangle: high at the start of each period, low at its middle.
        public float PulseBrightness(DateTimeOffset now)
        {
            double phase = (double)((now - Started).Ticks % OnDuration.Ticks) / OnDuration.Ticks;
            double depth = phase < 0.5 ? phase * 2 : 2 - (phase * 2);
            return (float)(High - ((High - Low) * depth));
        }
    }
}
