using EspWs.App.Configuration;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The closing handshake of a connection (RFC 6455 §7): the close the server was asked for, the close frame, and
/// how the connection waits for the peer's side before the socket goes.
/// </summary>
internal sealed class ClosePhase
{
    private readonly Connection _connection;
    private readonly object _gate = new();
    private ushort _requestedCode;
    private string _requestedReason = "";

    /// <summary>Creates the close side of <paramref name="connection"/>.</summary>
    public ClosePhase(Connection connection) => _connection = connection;

    /// <summary>The close the server asked for, as the receive loop's exit.</summary>
    public ConnectionExit Requested
    {
        get
        {
            lock (_gate)
            {
                return ConnectionExit.CloseRequested(_requestedCode, _requestedReason);
            }
        }
    }

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

    /// <summary>Sends the close frame: <paramref name="code"/> and <paramref name="reason"/>, or nothing for 1005 (RFC 6455 §7.4.1).</summary>
    public async Task SendAsync(ushort code, string reason)
    {
        byte[] frame = new byte[FrameWriter.MaxHeaderLength + FrameWriter.MaxClosePayloadLength];
        int payloadLength = code == 1005 ? 0 : FrameWriter.WriteClosePayload(frame.AsSpan(2), code, reason);
        FrameWriter.WriteHeader(frame, Opcode.Close, fin: true, payloadLength);
        if (await _connection.Send.SendCloseAsync(frame.AsMemory(0, 2 + payloadLength)))
        {
            _connection.Counters.OnCloseSent(code);
        }
    }

    /// <summary>
    /// Ends the closing handshake the way <paramref name="exit"/> calls for, within Server:CloseTimeout; true when the
    /// peer closed cleanly, false when it vanished or the deadline cut it.
    /// </summary>
    public async Task<bool> FinishAsync(ConnectionExit exit)
    {
        ServerSettings options = _connection.Options;
        switch (exit.Kind)
        {
            case ConnectionExitKind.CloseReceived:
                // RFC 6455 §7.1.1: the server closes TCP first. The FIN goes out at once; reading until the peer's
                // FIN keeps late bytes from turning it into a reset.
                await SocketClosing.ShutdownAndDrainAsync(_connection.Transport, options.CloseTimeout, _connection.AbortToken);
                return true;
            case ConnectionExitKind.ProtocolViolated:
                // After a failure the frame stream cannot be trusted (a fail-fast client stops mid-frame, so its close
                // would be read as payload): send FIN and read raw until the peer closes, within CloseTimeout. No
                // byte cap: a client may still be pushing the rest of an oversized message before its close.
                await SocketClosing.ShutdownAndDrainAsync(_connection.Transport, options.CloseTimeout, _connection.AbortToken, long.MaxValue);
                return true;
            default:
                return await _connection.Receive.DrainUntilCloseAsync();
        }
    }
}
