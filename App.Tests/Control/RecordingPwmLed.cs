using EspWs.Hardware;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Control;

/// <summary>A dimmable LED that records every duty cycle written to it and when, on the test's fake clock.</summary>
internal sealed class RecordingPwmLed(FakeTimeProvider clock) : IPwmLed
{
    private readonly Lock _gate = new();
    private readonly List<(TimeSpan At, float Duty)> _writes = [];
    private readonly DateTimeOffset _start = clock.GetUtcNow();

    public IReadOnlyList<(TimeSpan At, float Duty)> Writes
    {
        get
        {
            lock (_gate)
            {
                return [.. _writes];
            }
        }
    }

    public float Brightness { get; private set; }

    public bool IsOn
    {
        get => Brightness > 0;
        set => Record(value ? 1f : 0f);
    }

    public void SetBrightness(float brightness) => Record(brightness);

    public Task StartBlink() => throw new NotSupportedException();

    public Task StartBlink(TimeSpan onDuration, TimeSpan offDuration) => throw new NotSupportedException();

    public Task StartBlink(float highBrightness, float lowBrightness = 0) => throw new NotSupportedException();

    public Task StartBlink(TimeSpan onDuration, TimeSpan offDuration, float highBrightness, float lowBrightness = 0) => throw new NotSupportedException();

    public Task StartPulse(float highBrightness = 1, float lowBrightness = 0.15f) => throw new NotSupportedException();

    public Task StartPulse(TimeSpan pulseDuration, float highBrightness = 1, float lowBrightness = 0.15f) => throw new NotSupportedException();

    public Task StopAnimation() => Task.CompletedTask;

    private void Record(float duty)
    {
        lock (_gate)
        {
            Brightness = duty;
            _writes.Add((clock.GetUtcNow() - _start, duty));
        }
    }
}
