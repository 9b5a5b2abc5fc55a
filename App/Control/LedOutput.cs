using EspWs.Hardware;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Control;

/// <summary>
/// Writes the LED: at once, or as a fade from where it is to a target, one step every <c>Led:FadeStepInterval</c> on the
/// injected clock. An LED that cannot dim is only switched.
/// </summary>
/// <remarks>
/// A fade is stepped in perceived brightness and mapped to the duty cycle at each step (<see cref="BrightnessCurve"/>),
/// so it looks even. A step that would write the duty cycle already written is skipped. Every write, from the
/// controller's drain or from the fade's timer, happens under one lock, so a new state stops the fade at the level the
/// LED shows and goes on from there; the lock is the output's own, never the controller's.
/// </remarks>
internal sealed class LedOutput
{
    private readonly ILed _led;
    private readonly IPwmLed? _pwm;
    private readonly TimeProvider _time;
    private readonly TimeSpan _stepInterval;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private float _level;
    private float? _writtenDuty;
    private float _from;
    private float _to;
    private long _startedAt;
    private TimeSpan _duration;
    private bool _stepFailed;

    /// <summary>Drives <paramref name="led"/>, dimming it when it is an <see cref="IPwmLed"/>, stepping fades every <paramref name="stepInterval"/>.</summary>
    public LedOutput(ILed led, TimeProvider time, TimeSpan stepInterval, ILogger log)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stepInterval, TimeSpan.Zero);
        _led = led;
        _pwm = led as IPwmLed;
        _time = time;
        _stepInterval = stepInterval;
        _log = log;
    }

    /// <summary>Whether the LED can dim and fade; one that cannot is only switched on and off.</summary>
    public bool IsDimmable => _pwm is not null;

    /// <summary>How long the running fade still takes to reach its target; zero when none runs.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_gate)
            {
                TimeSpan left = _timer is null ? TimeSpan.Zero : _duration - _time.GetElapsedTime(_startedAt);
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }
    }

    /// <summary>
    /// Shows <paramref name="state"/>: at once when <paramref name="transition"/> is zero (or the LED cannot dim), else
    /// as a fade from the level the LED shows now. <paramref name="rewrite"/> writes even what was written already (a board
    /// back from an outage may have forgotten it). Throws what the board's write throws.
    /// </summary>
    public void Show(LedState state, TimeSpan transition, bool rewrite = false)
    {
        lock (_gate)
        {
            StopFade();
            if (rewrite)
            {
                _writtenDuty = null;
            }

            if (_pwm is null)
            {
                _led.IsOn = state.IsOn;
                return;
            }

            if (transition <= TimeSpan.Zero || state.Level == _level)
            {
                Write(state.Level);
                return;
            }

            _from = _level;
            _to = state.Level;
            _duration = transition;
            _startedAt = _time.GetTimestamp();
            _stepFailed = false;
            _timer = _time.CreateTimer(static output => ((LedOutput)output!).Step(), this, _stepInterval, _stepInterval);
        }
    }

    /// <summary>Stops a running fade where it is; nothing else is written.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            StopFade();
        }
    }

    private void Step()
    {
        lock (_gate)
        {
            if (_timer is null)
            {
                return;
            }

            double progress = _time.GetElapsedTime(_startedAt) / _duration;
            bool done = progress >= 1;
            float level = done ? _to : _from + ((_to - _from) * (float)progress);
            if (done)
            {
                StopFade();
            }

            try
            {
                Write(level);
            }
            catch (Exception ex)
            {
                // One warning per fade: a board whose link is lost fails every step, and its return writes the state again.
                _log.Log(_stepFailed ? LogLevel.Debug : LogLevel.Warning, "A fade step to {Level:P0} failed: {Reason}", level, ex.Message);
                _stepFailed = true;
            }
        }
    }

    // Callers hold _gate.
    private void Write(float level)
    {
        _level = level;
        float duty = BrightnessCurve.DutyCycle(level);
        if (duty == _writtenDuty)
        {
            return;
        }

        if (duty == 0f)
        {
            _pwm!.IsOn = false;
        }
        else
        {
            _pwm!.SetBrightness(duty);
        }

        _writtenDuty = duty;
    }

    // Callers hold _gate.
    private void StopFade()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
