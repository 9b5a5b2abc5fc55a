using EspWs.App.Server;

namespace EspWs.App.Control;

/// <summary>One piece of the LED controller's ordered work, decided under its lock and carried out after it.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="State">The state and sequence number decided under the lock, which the work writes or tells.</param>
/// <param name="Source">The door the command came through.</param>
/// <param name="Request">The request that caused the work: its fade, and its command for the log.</param>
/// <param name="Sender">The client that asked, when one did.</param>
/// <param name="LinkLost">For a reply: whether the board's link was lost when the command was decided.</param>
/// <param name="Frame">For a refusal: the error message to send; for a press: the button message to broadcast.</param>
/// <param name="Press">For a press: which one.</param>
internal readonly record struct LedWork(
    LedWorkKind Kind,
    LedState State,
    LedChangeSource Source = LedChangeSource.WebSocket,
    LedRequest Request = default,
    IClientConnection? Sender = null,
    bool LinkLost = false,
    ReadOnlyMemory<byte> Frame = default,
    ButtonEvent Press = ButtonEvent.Click);
