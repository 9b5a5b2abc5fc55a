using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Control;

/// <summary>
/// Turns clients' text commands into LED changes and tells clients the state, so that the LED and what every
/// client was last told always agree.
/// </summary>
/// <remarks>
/// Commands from all clients pass one lock: the LED change and the queueing of its broadcast happen together,
/// so every client's queue holds the states in the order the LED took them. Queueing never waits for a client.
/// While the board's link is lost, commands still change the state clients are told; when the link returns, the
/// LED is put back in the state last told and every client hears that the link is up, then the state.
/// </remarks>
public sealed class LedController : IMessageHandler
{
    private readonly ILed _led;
    private readonly IBroadcaster _broadcaster;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private long _sequence;
    private bool _told;
    private bool _linkLost;

    /// <summary>Drives <paramref name="led"/> and announces its changes through <paramref name="broadcaster"/>.</summary>
    public LedController(ILed led, IBroadcaster broadcaster, ILogger<LedController> log)
    {
        _led = led;
        _broadcaster = broadcaster;
        _log = log;
    }

    /// <summary>
    /// Raised once for every change of the LED, in sequence order, so that the other doors to the LED (MQTT, the
    /// power-on state file, metrics) follow it. Handlers must not block: they queue their work and return.
    /// </summary>
    public event Action<LedChange>? Changed;

    /// <summary>The LED's state and its sequence number, read together so they always match.</summary>
    public LedState State
    {
        get
        {
            lock (_gate)
            {
                return new LedState(_led.IsOn, _sequence);
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
    /// Applies <paramref name="command"/> that came through <paramref name="source"/>; a change goes to every client,
    /// otherwise the state goes to <paramref name="sender"/> alone (when there is one).
    /// </summary>
    public void Apply(LedCommand command, LedChangeSource source, IClientConnection? sender)
    {
        lock (_gate)
        {
            bool before = _led.IsOn;
            bool wanted = command switch
            {
                LedCommand.On => true,
                LedCommand.Off => false,
                LedCommand.Toggle => !before,
                _ => before,
            };

            if (wanted != before)
            {
                _led.IsOn = wanted;
                _sequence++;
                _told = wanted;
                int told = _broadcaster.Broadcast(ServerFrames.Text(LedStateMessage.ToUtf8(wanted, _sequence)));
                _log.LogInformation("LED {State} by {Command} from {Source} (slot {Slot}); {Clients} client(s) told.",
                    wanted ? "ON" : "OFF", command, source, sender?.SlotId, told);
                Changed?.Invoke(new LedChange(new LedState(wanted, _sequence), source));
                return;
            }

            sender?.TrySend(ServerFrames.Text(LedStateMessage.ToUtf8(before, _sequence)));
            if (_linkLost)
            {
                // A client that asks during an outage, maybe one that came after it began, learns of it too.
                sender?.TrySend(BoardLinkMessage.Lost);
            }
        }
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
            int told = _broadcaster.Broadcast(BoardLinkMessage.Lost);
            _log.LogWarning("Board link lost; {Clients} client(s) told. Commands still set the state the LED takes when it returns.", told);
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
            _led.IsOn = _told;
            _broadcaster.Broadcast(BoardLinkMessage.Up);
            int told = _broadcaster.Broadcast(ServerFrames.Text(LedStateMessage.ToUtf8(_told, _sequence)));
            _log.LogInformation("Board link restored; LED put back {State}; {Clients} client(s) told.", _told ? "ON" : "OFF", told);
        }
    }

    /// <summary>
    /// Puts back a state kept from an earlier run (the power-on state) before the first client is served: the LED takes
    /// <paramref name="state"/>'s level and the sequence goes on from its number, so clients can tell a restart from a
    /// change. Raises <see cref="Changed"/> with <see cref="LedChangeSource.PowerOn"/>.
    /// </summary>
    public void Restore(LedState state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(state.Sequence);
        lock (_gate)
        {
            _led.IsOn = state.IsOn;
            _sequence = state.Sequence;
            _told = state.IsOn;
            _log.LogInformation("LED put back {State} at start (seq {Sequence}).", state.IsOn ? "ON" : "OFF", state.Sequence);
            Changed?.Invoke(new LedChange(state, LedChangeSource.PowerOn));
        }
    }
}
