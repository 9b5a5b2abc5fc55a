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

    /// <summary>The time between two steps of a fade when no other is given (<c>Led:FadeStepInterval</c>): 50 writes a second at most.</summary>
    public static readonly TimeSpan DefaultFadeStepInterval = TimeSpan.FromMilliseconds(20);

    private const int MaxStatesPerBroadcast = 64;

    private readonly LedOutput _output;
    private readonly IBroadcaster _broadcaster;
    private readonly ILogger _log;
    private readonly int _maxQueued;
    private readonly OrderedWorkQueue<LedWork> _work;
    private readonly Lock _gate = new();

    // Changes written to the LED whose state messages wait to go out as one broadcast; only the drain touches them.
    private readonly List<(LedWork Work, byte[] Frame)> _untold = [];
    private LedState _decided = new(false, 0);
    private bool _linkLost;
    private LedState _applied = new(false, 0);

    /// <summary>
    /// Drives <paramref name="led"/> (dimming and fading it when it is an <see cref="IPwmLed"/>, one fade step every
    /// <paramref name="fadeStepInterval"/> on <paramref name="time"/>) and announces its changes through
    /// <paramref name="broadcaster"/>; at most <paramref name="maxQueuedCommands"/> commands wait to be applied, and more are refused.
    /// </summary>
    public LedController(ILed led, IBroadcaster broadcaster, ILogger<LedController> log, int maxQueuedCommands = DefaultMaxQueuedCommands,
        TimeProvider? time = null, TimeSpan? fadeStepInterval = null)
    {
        ArgumentNullException.ThrowIfNull(led);
        ArgumentNullException.ThrowIfNull(broadcaster);
        ArgumentNullException.ThrowIfNull(log);
        _output = new LedOutput(led, time ?? TimeProvider.System, fadeStepInterval ?? DefaultFadeStepInterval, log);
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

    /// <summary>
    /// Raised once for every press of the button, in order with the changes, after every client was told of it, so that
    /// the other doors (MQTT, metrics) follow it. Handlers must not block; an exception from one is logged.
    /// </summary>
    public event Action<ButtonEvent>? ButtonPressed;

    /// <summary>How long the running fade still takes to reach <see cref="State"/>; zero when none runs.</summary>
    public TimeSpan Fading => _output.Remaining;

    /// <summary>Whether the LED can dim and fade; brightness, steps and fades sent to one that cannot are refused with the reason.</summary>
    public bool IsDimmable => _output.IsDimmable;

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
        if (opcode != Opcode.Text)
        {
            return;
        }

        switch (LedCommandParser.Parse(payload, out LedRequest request, out string error))
        {
            case LedParse.Command:
                Apply(request, LedChangeSource.WebSocket, client);
                break;
            case LedParse.Invalid:
                Refuse(client, ErrorMessage.Invalid, error);
                break;
        }
    }

    /// <summary>
    /// Applies <paramref name="request"/> that came through <paramref name="source"/>: a change goes to every client,
    /// otherwise the state goes to <paramref name="sender"/> alone (when there is one), after every earlier change.
    /// Returns at once; false when the request was refused: too many are waiting (<c>Led:MaxQueuedCommands</c>), or it
    /// asks an LED that cannot dim for a brightness or a fade (the sender is told).
    /// </summary>
    public bool Apply(LedRequest request, LedChangeSource source, IClientConnection? sender)
    {
        if (request.NeedsDimming && !IsDimmable)
        {
            _log.LogWarning("LED command {Command} from {Source} refused: the LED on this pin cannot dim; only ON, OFF and TOGGLE work.",
                request, source);
            Refuse(sender, ErrorMessage.NotDimmable, "this LED cannot dim: its pin has no PWM; only on and off work, without a transition");
            return false;
        }

        lock (_gate)
        {
            LedState wanted = request.ApplyTo(_decided);
            if (wanted != _decided)
            {
                wanted = wanted with { Sequence = _decided.Sequence + 1 };
                if (_work.TryEnqueue(new LedWork(LedWorkKind.Change, wanted, source, request, sender)))
                {
                    _decided = wanted;
                    return true;
                }
            }
            else if (sender is null || _work.TryEnqueue(new LedWork(LedWorkKind.Reply, _decided, source, request, sender, _linkLost)))
            {
                return true;
            }
        }

        _log.LogWarning("LED command {Command} from {Source} refused: {Max} commands are already waiting (Led:MaxQueuedCommands).",
            request.Command, From(source, sender), _maxQueued);
        return false;
    }

    /// <summary>
    /// Tells every client and door of a press of the button, then applies <paramref name="action"/> (null: none) as a
    /// command from the button, in that order.
    /// </summary>
    public void Press(ButtonEvent press, LedRequest? action)
    {
        lock (_gate)
        {
            if (!_work.TryEnqueue(new LedWork(LedWorkKind.Press, _decided, LedChangeSource.Button, Press: press)))
            {
                _log.LogWarning("Button {Press} dropped: {Max} commands are already waiting (Led:MaxQueuedCommands).", press, _maxQueued);
                return;
            }
        }

        if (action is { } request)
        {
            Apply(request, LedChangeSource.Button, sender: null);
        }
    }

    /// <summary>Stops a running fade where it is, so nothing writes the LED after a shutdown has put it out.</summary>
    public void StopFading() => _output.Stop();

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
            _work.TryEnqueue(new LedWork(LedWorkKind.LinkLost, _decided), evenWhenFull: true);
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
            _work.TryEnqueue(new LedWork(LedWorkKind.LinkRestored, _decided), evenWhenFull: true);
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
            _decided = state;
            _work.TryEnqueue(new LedWork(LedWorkKind.PowerOn, state, LedChangeSource.PowerOn), evenWhenFull: true);
        }
    }

    /// <summary>
    /// True once everything decided before the call (changes, replies, link news) has been applied and sent; false when
    /// <paramref name="timeout"/> passes first. For shutdown and tests.
    /// </summary>
    public Task<bool> WhenAppliedAsync(TimeSpan timeout) => _work.WhenRunAsync(timeout);

    // A refusal is queued like a reply, so the sender hears of its commands in the order it sent them.
    private void Refuse(IClientConnection? sender, string code, string message)
    {
        if (sender is not null && !_work.TryEnqueue(new LedWork(LedWorkKind.Refusal, default, Sender: sender, Frame: ServerFrames.Text(ErrorMessage.ToUtf8(code, message)))))
        {
            _log.LogWarning("A refusal ({Message}) could not be queued: {Max} commands are already waiting (Led:MaxQueuedCommands).", message, _maxQueued);
        }
    }

    // Runs on the queue's drain, one item at a time in the order decided: never under _gate. True when nothing is
    // held back, so that whoever waits for the work so far may go on.
    private bool Run(LedWork work, bool more)
    {
        LedState state = work.State;
        if (work.Kind == LedWorkKind.Change)
        {
            WriteLed(state, work.Request.Transition);
            _untold.Add((work, StateFrame(state, work.Request.Transition).ToArray()));

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
                work.Sender!.TrySend(StateFrame(state, _output.Remaining));
                if (work.LinkLost)
                {
                    // A client that asks during an outage, maybe one that came after it began, learns of it too.
                    work.Sender.TrySend(BoardLinkMessage.Lost);
                }

                break;
            case LedWorkKind.Refusal:
                work.Sender!.TrySend(work.Frame);
                break;
            case LedWorkKind.Press:
                int heard = _broadcaster.Broadcast(ButtonMessage.Frame(work.Press));
                _log.LogInformation("Button {Press}; {Clients} client(s) told.", ButtonMessage.Name(work.Press), heard);
                RaiseButtonPressed(work.Press);
                break;
            case LedWorkKind.LinkLost:
                int warned = _broadcaster.Broadcast(BoardLinkMessage.Lost);
                _log.LogWarning("Board link lost; {Clients} client(s) told. Commands still set the state the LED takes when it returns.", warned);
                break;
            case LedWorkKind.LinkRestored:
                WriteLed(state, TimeSpan.Zero, rewrite: true);
                _broadcaster.Broadcast(BoardLinkMessage.Up);
                int back = _broadcaster.Broadcast(StateFrame(state, TimeSpan.Zero));
                _log.LogInformation("Board link restored; LED put back {State}; {Clients} client(s) told.", Describe(state), back);
                break;
            case LedWorkKind.PowerOn:
                WriteLed(state, TimeSpan.Zero);
                _log.LogInformation("LED put back {State} at start (seq {Sequence}).", Describe(state), state.Sequence);
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
                Describe(work.State), work.Request.Command, From(work.Source, work.Sender), told);
            RaiseChanged(new LedChange(work.State, work.Source));
        }
    }

    // A client's command names its slot; the other doors (MQTT, the power-on state, the button) have none to name.
    private static string From(LedChangeSource source, IClientConnection? sender) =>
        sender is null ? source.ToString() : $"{source} (slot {sender.SlotId})";

    private void WriteLed(LedState state, TimeSpan transition, bool rewrite = false)
    {
        try
        {
            _output.Show(state, transition, rewrite);
        }
        catch (Exception ex)
        {
            // Clients are still told the decided state: a board whose write failed has lost its link, and the link's
            // return writes the LED again from the state last told.
            _log.LogError(ex, "Writing the LED {State} (seq {Sequence}) failed.", Describe(state), state.Sequence);
        }

        lock (_gate)
        {
            _applied = state;
        }
    }

    private void RaiseButtonPressed(ButtonEvent press)
    {
        try
        {
            ButtonPressed?.Invoke(press);
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "A handler of LedController.ButtonPressed failed for {Press}; the LED and clients are unaffected.", press);
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

    private static ReadOnlyMemory<byte> StateFrame(LedState state, TimeSpan transition) => ServerFrames.Text(LedStateMessage.ToUtf8(state, transition));

    // Brightness is named only where it means something, so an on/off LED logs as it always has.
    private string Describe(LedState state) => !state.IsOn ? "OFF" : IsDimmable ? $"ON at {state.Brightness}%" : "ON";
}
