using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Control;

/// <summary>
/// The one truth about the LED: turns commands from every door into LED changes and tells clients the state, so that
/// the LED and what every client was last told always agree.
/// </summary>
/// <remarks>
/// A command is decided under one lock: it takes its sequence number there and is queued, in that order, with every
/// other piece of work (replies to STATUS, link lost and back, the power-on state). The LED write, the sends and
/// <see cref="Changed"/> happen after the lock, one item at a time in queue order, on a thread-pool drain that only
/// runs while there is work (<see cref="OrderedWorkQueue{T}"/>). So a slow Firmata write never holds a client's
/// receive loop or the lock, the LED is written before clients hear the state, and a reply to one sender never
/// overtakes the broadcast of an earlier change. While the board's link is lost, commands still change the state
/// clients are told; when the link returns, the LED is put back in the state last told and every client hears that
/// the link is up, then the state.
/// </remarks>
public sealed class LedController : IMessageHandler
{
    /// <summary>How many commands may wait to be applied when no other cap is given (<c>Led:MaxQueuedCommands</c>).</summary>
    public const int DefaultMaxQueuedCommands = 256;

    private const int MaxStatesPerBroadcast = 64;

    private readonly ILed _led;
    private readonly IBroadcaster _broadcaster;
    private readonly ILogger _log;
    private readonly int _maxQueued;
    private readonly OrderedWorkQueue<LedWork> _work;
    private readonly Lock _gate = new();

    // Changes written to the LED whose state messages wait to go out as one broadcast; only the drain touches them.
    private readonly List<(LedWork Work, byte[] Frame)> _untold = [];
    private bool _decided;
    private long _sequence;
    private bool _linkLost;
    private LedState _applied;

    /// <summary>
    /// Drives <paramref name="led"/> and announces its changes through <paramref name="broadcaster"/>; at most
    /// <paramref name="maxQueuedCommands"/> commands wait to be applied, and more are refused.
    /// </summary>
    public LedController(ILed led, IBroadcaster broadcaster, ILogger<LedController> log, int maxQueuedCommands = DefaultMaxQueuedCommands)
    {
        ArgumentNullException.ThrowIfNull(led);
        ArgumentNullException.ThrowIfNull(broadcaster);
        ArgumentNullException.ThrowIfNull(log);
        _led = led;
        _broadcaster = broadcaster;
        _log = log;
        _maxQueued = maxQueuedCommands;
        _work = new OrderedWorkQueue<LedWork>(maxQueuedCommands, Run, Failed);
    }

    /// <summary>
    /// Raised once for every change of the LED, in sequence order, after the LED was written and clients were told, so
    /// that the other doors to the LED (MQTT, the power-on state file, metrics) follow it. Handlers must not block:
    /// they queue their work and return. An exception from a handler is logged and changes nothing.
    /// </summary>
    public event Action<LedChange>? Changed;

    /// <summary>The state the LED was last set to and its sequence number, read together so they always match.</summary>
    public LedState State
    {
        get
        {
            lock (_gate)
            {
                return _applied;
            }
        }
    }

    /// <inheritdoc/>
    public void OnMessage(IClientConnection client, Opcode opcode, ReadOnlySpan<byte> payload)
    {
        if (opcode != Opcode.Text || !LedCommandParser.TryParse(payload, out LedCommand command))
        {
            return;
        }

        Apply(command, LedChangeSource.WebSocket, client);
    }

    /// <summary>
    /// Applies <paramref name="command"/> that came through <paramref name="source"/>: a change goes to every client,
    /// otherwise the state goes to <paramref name="sender"/> alone (when there is one), after every earlier change.
    /// Returns at once; false when the command was refused because too many are waiting (<c>Led:MaxQueuedCommands</c>).
    /// </summary>
    public bool Apply(LedCommand command, LedChangeSource source, IClientConnection? sender)
    {
        lock (_gate)
        {
            bool wanted = command switch
            {
                LedCommand.On => true,
                LedCommand.Off => false,
                LedCommand.Toggle => !_decided,
                _ => _decided,
            };

            if (wanted != _decided)
            {
                var change = new LedWork(LedWorkKind.Change, new LedState(wanted, _sequence + 1), source, command, sender);
                if (_work.TryEnqueue(change))
                {
                    _decided = wanted;
                    _sequence++;
                    return true;
                }
            }
            else if (sender is null
                || _work.TryEnqueue(new LedWork(LedWorkKind.Reply, new LedState(_decided, _sequence), source, command, sender, _linkLost, sender.RemoteEndPoint)))
            {
                return true;
            }
        }

        _log.LogWarning("LED command {Command} from {Source} refused: {Max} commands are already waiting (Led:MaxQueuedCommands).",
            command, From(source, sender), _maxQueued);
        return false;
    }

    /// <summary>Tells every client the board's link is lost (once per outage); commands keep working meanwhile.</summary>
    public void OnBoardLinkLost()
    {
        lock (_gate)
        {
            if (_linkLost)
            {
                return;
            }

            _linkLost = true;
            _work.TryEnqueue(new LedWork(LedWorkKind.LinkLost, new LedState(_decided, _sequence)), evenWhenFull: true);
        }
    }

    /// <summary>After an outage: puts the LED back in the state clients were last told, then tells every client the link is up and that state.</summary>
    public void OnBoardLinkRestored()
    {
        lock (_gate)
        {
            if (!_linkLost)
            {
                return;
            }

            _linkLost = false;
            _work.TryEnqueue(new LedWork(LedWorkKind.LinkRestored, new LedState(_decided, _sequence)), evenWhenFull: true);
        }
    }

    /// <summary>
    /// Puts back a state kept from an earlier run (the power-on state) before the first client is served: the LED takes
    /// <paramref name="state"/>'s level ahead of any later command and the sequence goes on from its number, so clients
    /// can tell a restart from a change. Raises <see cref="Changed"/> with <see cref="LedChangeSource.PowerOn"/>.
    /// </summary>
    public void Restore(LedState state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(state.Sequence);
        lock (_gate)
        {
            _decided = state.IsOn;
            _sequence = state.Sequence;
            _work.TryEnqueue(new LedWork(LedWorkKind.PowerOn, state, LedChangeSource.PowerOn), evenWhenFull: true);
        }
    }

    /// <summary>
    /// True once everything decided before the call (changes, replies, link news) has been applied and sent; false when
    /// <paramref name="timeout"/> passes first. For shutdown and tests.
    /// </summary>
    public Task<bool> WhenAppliedAsync(TimeSpan timeout) => _work.WhenRunAsync(timeout);

    // Runs on the queue's drain, one item at a time in the order decided: never under _gate. True when nothing is
    // held back, so that whoever waits for the work so far may go on.
    private bool Run(LedWork work, bool more)
    {
        LedState state = work.State;
        if (work.Kind == LedWorkKind.Change)
        {
            WriteLed(state);
            _untold.Add((work, StateFrame(state).ToArray()));

            // A run of changes queued together goes out as one broadcast of their frames, in order: one entry in each
            // client's send queue instead of one a change, so a flood of commands cannot fill a reading client's queue.
            if (!more || _untold.Count >= MaxStatesPerBroadcast)
            {
                TellChanges();
            }

            return _untold.Count == 0;
        }

        TellChanges();
        switch (work.Kind)
        {
            case LedWorkKind.Reply:
                // A slot serves one connection after another: a reply whose sender left is not sent to its successor.
                if (!Equals(work.Sender!.RemoteEndPoint, work.SenderEndPoint))
                {
                    break;
                }

                work.Sender.TrySend(StateFrame(state));
                if (work.LinkLost)
                {
                    // A client that asks during an outage, maybe one that came after it began, learns of it too.
                    work.Sender.TrySend(BoardLinkMessage.Lost);
                }

                break;
            case LedWorkKind.LinkLost:
                int warned = _broadcaster.Broadcast(BoardLinkMessage.Lost);
                _log.LogWarning("Board link lost; {Clients} client(s) told. Commands still set the state the LED takes when it returns.", warned);
                break;
            case LedWorkKind.LinkRestored:
                WriteLed(state);
                _broadcaster.Broadcast(BoardLinkMessage.Up);
                int back = _broadcaster.Broadcast(StateFrame(state));
                _log.LogInformation("Board link restored; LED put back {State}; {Clients} client(s) told.", OnOff(state), back);
                break;
            case LedWorkKind.PowerOn:
                WriteLed(state);
                _log.LogInformation("LED put back {State} at start (seq {Sequence}).", OnOff(state), state.Sequence);
                RaiseChanged(new LedChange(state, LedChangeSource.PowerOn));
                break;
        }

        return true;
    }

    private void TellChanges()
    {
        if (_untold.Count == 0)
        {
            return;
        }

        // Taken out first, so that whatever fails below can never tell the same changes twice.
        (LedWork Work, byte[] Frame)[] changes = [.. _untold];
        _untold.Clear();
        byte[] frames = changes.Length == 1 ? changes[0].Frame : changes.SelectMany(c => c.Frame).ToArray();
        int told = _broadcaster.Broadcast(frames);
        foreach ((LedWork work, _) in changes)
        {
            _log.LogInformation("LED {State} by {Command} from {Source}; {Clients} client(s) told.",
                OnOff(work.State), work.Command, From(work.Source, work.Sender), told);
            RaiseChanged(new LedChange(work.State, work.Source));
        }
    }

    // A client's command names its slot; the other doors (MQTT, the power-on state) have none to name.
    private static string From(LedChangeSource source, IClientConnection? sender) =>
        sender is null ? source.ToString() : $"{source} (slot {sender.SlotId})";

    private void WriteLed(LedState state)
    {
        try
        {
            _led.IsOn = state.IsOn;
        }
        catch (Exception ex)
        {
            // Clients are still told the decided state: a board whose write failed has lost its link, and the link's
            // return writes the LED again from the state last told.
            _log.LogError(ex, "Writing the LED {State} (seq {Sequence}) failed.", OnOff(state), state.Sequence);
        }

        lock (_gate)
        {
            _applied = state;
        }
    }

    private void RaiseChanged(LedChange change)
    {
        try
        {
            Changed?.Invoke(change);
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "A handler of LedController.Changed failed for seq {Sequence}; the LED and clients are unaffected.", change.State.Sequence);
        }
    }

    private void Failed(LedWork work, Exception ex) =>
        _log.LogError(ex, "LED work {Kind} for seq {Sequence} failed; the next command goes on.", work.Kind, work.State.Sequence);

    private static ReadOnlyMemory<byte> StateFrame(LedState state) => ServerFrames.Text(LedStateMessage.ToUtf8(state.IsOn, state.Sequence));

    private static string OnOff(LedState state) => state.IsOn ? "ON" : "OFF";
}
