using EspWs.App.Server;

namespace EspWs.App.Control;

/// <summary>One piece of the LED controller's ordered work, decided under its lock and carried out after it.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="State">The level and sequence number decided under the lock, which the work writes or tells.</param>
/// <param name="Source">The door the command came through.</param>
/// <param name="Command">The command that caused the work, for the log.</param>
/// <param name="Sender">The client that asked, when one did.</param>
/// <param name="LinkLost">For a reply: whether the board's link was lost when the command was decided.</param>
/// <param name="SenderEndPoint">For a reply: the sender's address when it asked, to tell its connection from a later one in the same slot.</param>
internal readonly record struct LedWork(
    LedWorkKind Kind,
    LedState State,
    LedChangeSource Source = LedChangeSource.WebSocket,
    LedCommand Command = LedCommand.Status,
    IClientConnection? Sender = null,
    bool LinkLost = false,
    System.Net.EndPoint? SenderEndPoint = null);
