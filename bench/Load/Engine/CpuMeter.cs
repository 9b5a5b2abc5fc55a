namespace EspWs.Bench.Load.Engine;

/// <summary>The CPU time a server and the load tool itself use over a measured interval, from /proc.</summary>
internal sealed class CpuMeter(int serverPid)
{
    private double _serverAtStart;
    private double _clientAtStart;
    private long _startedAt;
    private bool _started;
    private bool _stopped;

    /// <summary>The server's CPU time over the interval, in seconds.</summary>
    public double ServerSeconds { get; private set; }

    /// <summary>The load tool's CPU time over the interval (every thread of it, GC included), in seconds.</summary>
    public double ClientSeconds { get; private set; }

    /// <summary>The interval's length in seconds of wall-clock time.</summary>
    public double WallSeconds { get; private set; }

    /// <summary>Starts the interval; later calls do nothing.</summary>
    public void Start()
    {
        if (!_started)
        {
            _started = true;
            _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            _serverAtStart = ProcStat.CpuSeconds(serverPid);
            _clientAtStart = ProcStat.OwnCpuSeconds();
        }
    }

    /// <summary>Ends the interval; later calls do nothing.</summary>
    public void Stop()
    {
        if (_started && !_stopped)
        {
            _stopped = true;
            ServerSeconds = ProcStat.CpuSeconds(serverPid) - _serverAtStart;
            ClientSeconds = ProcStat.OwnCpuSeconds() - _clientAtStart;
            WallSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        }
    }
}
