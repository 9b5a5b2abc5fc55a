using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Workloads;

/// <summary>
/// Opens connections, at most so many handshakes at a time or at a set rate, timing each handshake from the connect
/// to the whole 101; optionally each one then echoes one small message before it counts as open.
/// </summary>
internal sealed class ConnectWorkload : IWorkload
{
    private readonly byte[] _echo = ClientFrames.TextMessages(16, 1);
    private readonly int _first;
    private readonly int _end;
    private readonly int _maxPending;
    private readonly double _perSecondPerTick;
    private readonly bool _echoOnce;
    private readonly bool[] _settled;
    private long _startedAt = -1;
    private int _next;
    private int _settledCount;

    /// <summary>
    /// Opens connections <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 of the
    /// engine, <paramref name="maxPending"/> handshakes at a time, and no faster than <paramref name="perSecond"/> (0: no rate).
    /// </summary>
    public ConnectWorkload(int first, int count, int maxPending, double perSecond, bool echoOnce)
    {
        _first = first;
        _end = first + count;
        _next = first;
        _maxPending = maxPending;
        _perSecondPerTick = perSecond / System.Diagnostics.Stopwatch.Frequency;
        _echoOnce = echoOnce;
        _settled = new bool[count];
    }

    /// <summary>Handshake times, connect to 101.</summary>
    public LatencyHistogram Handshakes { get; } = new();

    /// <summary>Connections that failed before they were open (and echoed).</summary>
    public int Failed { get; private set; }

    /// <summary>The first failure's reason.</summary>
    public string? FirstFailure { get; private set; }

    /// <inheritdoc/>
    public void OnOpen(LoadEngine engine, ClientConnection connection, long now)
    {
        Handshakes.RecordMicros(MicrosBetween(connection.ConnectStartedAt, now));
        if (!_echoOnce)
        {
            Settle(connection, failure: null);
            return;
        }

        connection.Out.Use(_echo, _echo.Length);
        LoadEngine.Queue(connection, 1);
    }

    /// <inheritdoc/>
    public void OnFrame(LoadEngine engine, ClientConnection connection, in ServerFrame frame, long now) =>
        Settle(connection, frame.Opcode == ClientFrames.Text && frame.Length == 16 ? null : $"an echo of 16 B was answered with opcode {frame.Opcode}, {frame.Length} B");

    /// <inheritdoc/>
    public void OnFailed(LoadEngine engine, ClientConnection connection, long now) => Settle(connection, connection.Failure ?? "failed");

    /// <inheritdoc/>
    public bool OnTick(LoadEngine engine, long now)
    {
        if (_startedAt < 0)
        {
            _startedAt = now;
        }

        long due = _perSecondPerTick > 0 ? Math.Min(_end, _first + 1 + (long)((now - _startedAt) * _perSecondPerTick)) : _end;
        while (_next < due && _next - _first - _settledCount < _maxPending)
        {
            ClientConnection connection = engine.Connections[_next++];
            try
            {
                engine.Connect(connection, System.Diagnostics.Stopwatch.GetTimestamp());
            }
            catch (IOException ex)
            {
                connection.Phase = ConnectionPhase.Failed;
                connection.Failure = ex.Message;
                Settle(connection, ex.Message);
            }
        }

        return _settledCount == _end - _first;
    }

    /// <summary>Microseconds between two <see cref="System.Diagnostics.Stopwatch"/> timestamps.</summary>
    public static long MicrosBetween(long from, long to) => (to - from) * 1_000_000 / System.Diagnostics.Stopwatch.Frequency;

    private void Settle(ClientConnection connection, string? failure)
    {
        int slot = connection.Index - _first;
        if (slot < 0 || slot >= _settled.Length || _settled[slot])
        {
            return;
        }

        _settled[slot] = true;
        _settledCount++;
        if (failure is not null)
        {
            Failed++;
            FirstFailure ??= failure;
        }
    }
}
