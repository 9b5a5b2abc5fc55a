using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Workloads;

/// <summary>
/// The memory attack: each client announces one huge binary message and streams most of it, as fast as the server
/// reads; the server's RSS is sampled throughout. A server that stops reading (TCP pushes back) or closes the
/// connection (1009) holds its memory; one that buffers every byte does not.
/// </summary>
internal sealed class AttackWorkload : IWorkload
{
    private const int BlockBytes = 64 * 1024;
    private static readonly long SampleEvery = System.Diagnostics.Stopwatch.Frequency / 50;
    private readonly ArraySegment<ClientConnection> _clients;
    private readonly byte[] _header;
    private readonly byte[] _block;
    private readonly long _stream;
    private readonly int _serverPid;
    private readonly long _endAt;
    private long _nextSample;
    private long _quietSince = -1;

    /// <summary>
    /// On <paramref name="clients"/>, announces <paramref name="announce"/> bytes and streams <paramref name="stream"/> of them,
    /// for at most <paramref name="limit"/>; samples the RSS of <paramref name="serverPid"/>.
    /// </summary>
    public AttackWorkload(ArraySegment<ClientConnection> clients, long announce, long stream, TimeSpan limit, int serverPid, long now)
    {
        _clients = clients;
        (_header, _block) = ClientFrames.Announced(announce, BlockBytes);
        _stream = stream;
        _serverPid = serverPid;
        _endAt = now + (long)(limit.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
    }

    /// <summary>The highest RSS sampled, in KiB.</summary>
    public long PeakRssKiB { get; private set; }

    /// <summary>Bytes of payload the kernel took from all clients.</summary>
    public long Streamed => _clients.Sum(c => c.Out.Sent);

    /// <summary>Clients the server closed with a close frame, by status code.</summary>
    public Dictionary<int, int> ClosedWith { get; } = [];

    /// <summary>Clients whose connection ended without a close frame.</summary>
    public int Dropped { get; private set; }

    /// <summary>Sends every client's header and starts streaming.</summary>
    public void Start(LoadEngine engine)
    {
        foreach (ClientConnection connection in _clients)
        {
            engine.SendNow(connection, _header);
            connection.Out.Use(_block, _block.Length);
            connection.Out.Owed = _stream;
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
        if (frame.Opcode == ClientFrames.Close)
        {
            ClosedWith[frame.Lead] = ClosedWith.GetValueOrDefault(frame.Lead) + 1;
            connection.Out.Owed = 0;
        }
    }

    /// <inheritdoc/>
    public void OnFailed(LoadEngine engine, ClientConnection connection, long now) => Dropped++;

    /// <inheritdoc/>
    public bool OnTick(LoadEngine engine, long now)
    {
        if (now >= _nextSample)
        {
            _nextSample = now + SampleEvery;
            PeakRssKiB = Math.Max(PeakRssKiB, ProcStat.RssKiB(_serverPid));
        }

        // Done a second after every client has sent all it can (or was closed), so the server's buffering shows.
        bool sending = _clients.Any(c => c.Phase == ConnectionPhase.Open && c.Out.Owed > 0);
        if (sending)
        {
            _quietSince = -1;
        }
        else if (_quietSince < 0)
        {
            _quietSince = now;
        }

        return now >= _endAt || (_quietSince >= 0 && now - _quietSince > System.Diagnostics.Stopwatch.Frequency);
    }
}
