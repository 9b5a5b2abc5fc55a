using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Workloads;

/// <summary>
/// Pipelined closed-loop echo: each connection keeps a fixed number of messages in flight and sends one more for each
/// echo it receives, so the rate is what the server sustains and the latency is what a client sees.
/// </summary>
internal sealed class EchoWorkload : IWorkload
{
    private readonly ArraySegment<ClientConnection> _connections;
    private readonly int _size;
    private readonly int _inFlight;
    private readonly byte[] _pattern;
    private readonly int _frameLength;
    private readonly long _measureFrom;
    private readonly long _measureTo;
    private readonly long _drainUntil;
    private long _outstanding;

    /// <summary>
    /// Echoes <paramref name="size"/>-byte text messages on <paramref name="connections"/>, <paramref name="inFlight"/> each,
    /// measuring the echoes received between <paramref name="measureFrom"/> and <paramref name="measureTo"/> (timestamps).
    /// </summary>
    public EchoWorkload(ArraySegment<ClientConnection> connections, int size, int inFlight, long measureFrom, long measureTo, CpuMeter cpu)
    {
        _connections = connections;
        _size = size;
        _inFlight = inFlight;
        _frameLength = ClientFrames.FrameLength(size);
        _pattern = ClientFrames.TextMessages(size, inFlight);
        _measureFrom = measureFrom;
        _measureTo = measureTo;
        _drainUntil = measureTo + (10 * System.Diagnostics.Stopwatch.Frequency);
        Cpu = cpu;
    }

    /// <summary>Round-trip times of the echoes measured.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Echoes received in the measured interval.</summary>
    public long Measured { get; private set; }

    /// <summary>The most echoes one connection received over the run, divided by the fewest: 1 when the server serves all alike.</summary>
    public double Spread => _connections.Max(c => c.ReceivedCount) / (double)Math.Max(1, _connections.Min(c => c.ReceivedCount));

    /// <summary>CPU time over the measured interval.</summary>
    public CpuMeter Cpu { get; }

    /// <summary>Why the run failed, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Puts every connection's first messages in flight.</summary>
    public void Start(LoadEngine engine, long now)
    {
        foreach (ClientConnection connection in _connections)
        {
            if (connection.Phase != ConnectionPhase.Open)
            {
                Error ??= $"connection {connection.Index} is not open ({connection.Failure})";
                return;
            }

            connection.Out.Use(_pattern, _frameLength);
            connection.ResetCounters(_inFlight);
            for (int i = 0; i < _inFlight; i++)
            {
                SendOne(connection, now);
            }

            engine.Flush(connection);
        }
    }

    /// <inheritdoc/>
    public void OnOpen(LoadEngine engine, ClientConnection connection, long now)
    {
    }

    /// <inheritdoc/>
    public void OnFrame(LoadEngine engine, ClientConnection connection, in ServerFrame frame, long now)
    {
        if (frame.Opcode != ClientFrames.Text || frame.Length != _size || frame.First != (byte)'a')
        {
            Error ??= $"an echo of {_size} B came back as opcode {frame.Opcode}, {frame.Length} B";
            return;
        }

        long sentAt = connection.SentAt[connection.ReceivedCount % connection.SentAt.Length];
        connection.ReceivedCount++;
        _outstanding--;
        if (now >= _measureFrom && now < _measureTo)
        {
            Latency.RecordMicros(ConnectWorkload.MicrosBetween(sentAt, now));
            Measured++;
        }

        if (now < _measureTo)
        {
            SendOne(connection, now);
        }
    }

    /// <inheritdoc/>
    public void OnFailed(LoadEngine engine, ClientConnection connection, long now) =>
        Error ??= $"connection {connection.Index}: {connection.Failure}";

    /// <inheritdoc/>
    public bool OnTick(LoadEngine engine, long now)
    {
        if (now >= _measureFrom)
        {
            Cpu.Start();
        }

        if (now >= _measureTo)
        {
            Cpu.Stop();
            if (_outstanding == 0)
            {
                return true;
            }

            if (now > _drainUntil)
            {
                Error ??= $"{_outstanding} echoes had not come back 10 s after the run";
            }
        }

        return Error is not null;
    }

    private void SendOne(ClientConnection connection, long now)
    {
        connection.SentAt[connection.SentCount % connection.SentAt.Length] = now;
        connection.SentCount++;
        _outstanding++;
        LoadEngine.Queue(connection, 1);
    }
}
