using System.Diagnostics;
using System.Text.Json;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Abuse;

/// <summary>Reads a client's LED state messages, checks their sequence numbers run 1, 2, 3..., and records each one's latency.</summary>
public sealed class StateWatcher(RawClient observer, Stopwatch clock, int capacity)
{
    private readonly long[] _sentAtMs = new long[capacity + 1];
    private readonly long[] _latencyMs = new long[capacity + 1];
    private volatile int _received;
    private volatile int _last = int.MaxValue;

    public int Received => _received;

    /// <summary>True once reading stopped before the last expected state.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Records that state number <paramref name="sequence"/> was asked for now.</summary>
    public void Sent(int sequence) => _sentAtMs[sequence] = clock.ElapsedMilliseconds;

    /// <summary>Tells the watcher the number of the last state it should wait for.</summary>
    public void ExpectLast(int sequence) => _last = sequence;

    /// <summary>The largest latency among states <paramref name="from"/> to <paramref name="to"/>.</summary>
    public long MaxLatencyMs(int from, int to) => to < from ? 0 : _latencyMs.AsSpan(from, to - from + 1).ToArray().Max();

    public async Task RunAsync()
    {
        try
        {
            while (_received < _last && await observer.ReadFrameAsync() is { } frame)
            {
                using JsonDocument state = JsonDocument.Parse(frame.Payload);
                int seq = state.RootElement.GetProperty("seq").GetInt32();
                Assert.Equal(_received + 1, seq);
                _latencyMs[seq] = clock.ElapsedMilliseconds - _sentAtMs[seq];
                _received = seq;
            }
        }
        finally
        {
            Stopped = _received < _last;
        }
    }
}
