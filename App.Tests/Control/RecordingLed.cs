using EspWs.Hardware;

namespace EspWs.App.Tests.Control;

/// <summary>An LED that records each write in a shared log and, when asked, holds a write as a slow Firmata link does.</summary>
internal sealed class RecordingLed(List<string> log) : ILed, IDisposable
{
    private readonly ManualResetEventSlim _release = new(initialState: true);
    private readonly SemaphoreSlim _entered = new(0);

    public int Writes { get; private set; }

    public bool IsOn
    {
        get;
        set
        {
            _entered.Release();
            _release.Wait(TimeSpan.FromSeconds(10));
            lock (log)
            {
                Writes++;
                field = value;
                log.Add(value ? "led ON" : "led OFF");
            }
        }
    }

    /// <summary>Makes the next writes wait until <see cref="Release"/>.</summary>
    public void Hold() => _release.Reset();

    public void Release() => _release.Set();

    /// <summary>True once a write has begun (it may be held) within the timeout.</summary>
    public Task<bool> WriteBeganAsync() => _entered.WaitAsync(TimeSpan.FromSeconds(10));

    public Task StartBlink() => throw new NotSupportedException();

    public Task StartBlink(TimeSpan onDuration, TimeSpan offDuration) => throw new NotSupportedException();

    public Task StopAnimation() => Task.CompletedTask;

    public void Dispose()
    {
        _release.Dispose();
        _entered.Dispose();
    }
}
