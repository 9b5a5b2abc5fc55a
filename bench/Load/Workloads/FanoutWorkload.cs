using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Workloads;

/// <summary>
/// LED fan-out: the first client sends <c>TOGGLE</c>; a round lasts until every client, the sender included, has received
/// the state message (a text frame holding a JSON object). Rounds are spaced by a pause, as a person pressing a button.
/// </summary>
internal sealed class FanoutWorkload : IWorkload
{
    private static readonly long RoundTimeout = 15 * System.Diagnostics.Stopwatch.Frequency;
    private readonly byte[] _command = ClientFrames.Command("TOGGLE");
    private readonly ArraySegment<ClientConnection> _clients;
    private readonly int _warmUp;
    private readonly int _rounds;
    private readonly long _pause;
    private int _round;
    private bool _inRound;
    private int _remaining;
    private long _sentAt;
    private long _nextAt;

    /// <summary>Runs <paramref name="warmUp"/> unmeasured and <paramref name="measured"/> measured rounds over <paramref name="clients"/>.</summary>
    public FanoutWorkload(ArraySegment<ClientConnection> clients, int warmUp, int measured, TimeSpan pause, CpuMeter cpu)
    {
        _clients = clients;
        _warmUp = warmUp;
        _rounds = warmUp + measured;
        _pause = (long)(pause.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        Cpu = cpu;
        _clients[0].Out.Use(_command, _command.Length);
    }

    /// <summary>Time from each measured command to the last client receiving its state, in µs.</summary>
    public List<double> Samples { get; } = [];

    /// <summary>CPU time over the measured rounds.</summary>
    public CpuMeter Cpu { get; }

    /// <summary>Why the run failed, or null.</summary>
    public string? Error { get; private set; }

    /// <inheritdoc/>
    public void OnOpen(LoadEngine engine, ClientConnection connection, long now)
    {
    }

    /// <inheritdoc/>
    public void OnFrame(LoadEngine engine, ClientConnection connection, in ServerFrame frame, long now)
    {
        if (frame.Opcode == ClientFrames.Close)
        {
            Error ??= $"client {connection.Index} was closed by the server with {frame.Lead}";
            return;
        }

        if (frame.Opcode != ClientFrames.Text || frame.First != (byte)'{')
        {
            // The sender's own echo of TOGGLE.
            return;
        }

        if (!_inRound)
        {
            Error ??= $"client {connection.Index} received a state outside a round";
            return;
        }

        if (--_remaining == 0)
        {
            if (_round >= _warmUp)
            {
                Samples.Add(ConnectWorkload.MicrosBetween(_sentAt, now));
            }

            _inRound = false;
            _round++;
            _nextAt = now + _pause;
        }
    }

    /// <inheritdoc/>
    public void OnFailed(LoadEngine engine, ClientConnection connection, long now) =>
        Error ??= $"client {connection.Index}: {connection.Failure}";

    /// <inheritdoc/>
    public bool OnTick(LoadEngine engine, long now)
    {
        if (_inRound && now - _sentAt > RoundTimeout)
        {
            Error ??= $"round {_round + 1}: {_remaining} of {_clients.Count} clients had no state 15 s after the command";
        }

        if (Error is not null)
        {
            return true;
        }

        if (_round == _rounds)
        {
            Cpu.Stop();
            return true;
        }

        if (!_inRound && now >= _nextAt)
        {
            if (_round == _warmUp)
            {
                Cpu.Start();
            }

            _inRound = true;
            _remaining = _clients.Count;
            _sentAt = now;
            LoadEngine.Queue(_clients[0], 1);
            engine.Flush(_clients[0]);
        }

        return false;
    }
}
