using EspWs.App.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The closing handshake of a connection (RFC 6455 §7), whole: the close the server was asked for, the close frame,
/// the wait for the peer's side, and the end of the socket.
/// </summary>
/// <remarks>
/// Entering Closing queues the frame (<see cref="Queue"/>, a lifecycle action, which never awaits); the connection's
/// loop then runs <see cref="RunAsync"/>, under Server:CloseTimeout, which the watchdog enforces.
/// </remarks>
internal sealed class ClosePhase
{
    private readonly Connection _connection;
    private readonly object _gate = new();
    private ushort _requestedCode;
    private string _requestedReason = "";
    private ConnectionTrigger _cause;
    private ushort _code;
    private string _reason = "";
    private byte[]? _frame;
    private int _frameLength;

    /// <summary>Creates the close side of <paramref name="connection"/>.</summary>
    public ClosePhase(Connection connection) => _connection = connection;

    /// <summary>Records a request to close with <paramref name="code"/>; false when one was already made. Safe from any thread.</summary>
    public bool TryRequest(ushort code, string reason)
    {
        lock (_gate)
        {
            if (_requestedCode != 0)
            {
                return false;
            }

            _requestedCode = code;
            _requestedReason = reason;
            return true;
        }
    }

    /// <summary>The close the server was asked for, as the receive loop reports it.</summary>
    public LifecycleEvent Requested
    {
        get
        {
            lock (_gate)
            {
                return new LifecycleEvent(ConnectionTrigger.CloseRequested, _requestedCode, _requestedReason);
            }
        }
    }

    /// <summary>
    /// Queues the close frame, <paramref name="code"/> and <paramref name="reason"/> (none for 1005, RFC 6455 §7.4.1),
    /// for <see cref="RunAsync"/>; <paramref name="cause"/>, the trigger that entered Closing, decides how the close ends.
    /// </summary>
    public void Queue(ConnectionTrigger cause, ushort code, string reason)
    {
        var frame = new byte[FrameWriter.MaxHeaderLength + FrameWriter.MaxClosePayloadLength];
        int payloadLength = code == 1005 ? 0 : FrameWriter.WriteClosePayload(frame.AsSpan(2), code, reason);
        FrameWriter.WriteHeader(frame, Opcode.Close, fin: true, payloadLength);
        _cause = cause;
        _code = code;
        _reason = reason;
        _frame = frame;
        _frameLength = 2 + payloadLength;
    }

    /// <summary>
    /// Sends the queued close frame and ends the closing handshake: <see cref="ConnectionTrigger.Closed"/> when it ended
    /// cleanly, <see cref="ConnectionTrigger.PeerGone"/> when the peer vanished or Server:CloseTimeout cut it.
    /// </summary>
    public async Task<LifecycleEvent> RunAsync()
    {
        Connection connection = _connection;
        if (_frame is not null && await connection.Send.SendCloseAsync(_frame.AsMemory(0, _frameLength)))
        {
            connection.Counters.OnCloseSent(_code);
        }

        switch (_cause)
        {
            case ConnectionTrigger.CloseReceived:
                // RFC 6455 §7.1.1: the server closes TCP first. The FIN goes out at once; reading until the peer's
                // FIN keeps late bytes from turning it into a reset.
                connection.Log.LogInformation("Slot {Slot}: client {Remote} closed with {Code}.", connection.SlotId, connection.RemoteEndPoint, _code);
                await SocketClosing.ShutdownAndDrainAsync(connection.Transport, connection.Options.CloseTimeout, connection.AbortToken);
                return new LifecycleEvent(ConnectionTrigger.Closed);
            case ConnectionTrigger.ProtocolViolated:
                // After a failure the frame stream cannot be trusted (a fail-fast client stops mid-frame, so its close
                // would be read as payload): send FIN and read raw until the peer closes. No byte cap: a client may
                // still be pushing the rest of an oversized message before its close.
                connection.Log.LogInformation("Slot {Slot}: client {Remote} failed with {Code}: {Reason}.",
                    connection.SlotId, connection.RemoteEndPoint, _code, _reason);
                await SocketClosing.ShutdownAndDrainAsync(connection.Transport, connection.Options.CloseTimeout, connection.AbortToken, long.MaxValue);
                return new LifecycleEvent(ConnectionTrigger.Closed);
            default:
                if (await connection.Receive.DrainUntilCloseAsync())
                {
                    // The handshake is done; the server ends TCP first (§7.1.1), and over TLS with close_notify.
                    await SocketClosing.ShutdownAndDrainAsync(connection.Transport, connection.Options.CloseTimeout, connection.AbortToken);
                    return new LifecycleEvent(ConnectionTrigger.Closed);
                }

                connection.Log.LogDebug("Slot {Slot}: {Remote} did not answer the close ({Reason}).",
                    connection.SlotId, connection.RemoteEndPoint, connection.CurrentAbortReason);
                return new LifecycleEvent(ConnectionTrigger.PeerGone);
        }
    }
}
