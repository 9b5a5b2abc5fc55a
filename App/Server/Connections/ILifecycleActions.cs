namespace EspWs.App.Server.Connections;

/// <summary>
/// What the connection lifecycle's entry and exit actions do to the one connection the machine is firing for, and
/// where that connection keeps its state: the only per-connection cost of the machine.
/// </summary>
internal interface ILifecycleActions
{
    /// <summary>The connection's lifecycle state, stored in the connection (Stateless's external state storage).</summary>
    ConnectionState State { get; set; }

    /// <summary>Starts the clock on the opening handshake (Server:HandshakeTimeout).</summary>
    void ArmHandshakeDeadline();

    /// <summary>Stops the handshake clock.</summary>
    void DisarmHandshakeDeadline();

    /// <summary>Adds the client to the set every broadcast reaches, and counts it connected.</summary>
    void JoinBroadcastSet();

    /// <summary>Removes the client from the broadcast set, and counts it gone.</summary>
    void LeaveBroadcastSet();

    /// <summary>Starts watching for silence (Server:PingInterval, Server:PongTimeout).</summary>
    void ArmKeepalive();

    /// <summary>Stops the keepalive watch.</summary>
    void DisarmKeepalive();

    /// <summary>Opens the queue of server messages, which the send workers drain.</summary>
    void StartSendPump();

    /// <summary>Stops taking server messages; whatever is still queued is dropped.</summary>
    void StopSendPump();

    /// <summary>Starts the clock on the closing handshake (Server:CloseTimeout).</summary>
    void ArmCloseDeadline();

    /// <summary>Sends a close frame with <paramref name="code"/> (none for 1005) and <paramref name="reason"/>; never throws.</summary>
    Task SendCloseAsync(ushort code, string reason);

    /// <summary>Counts a close frame received with <paramref name="code"/>.</summary>
    void CountCloseReceived(ushort code);

    /// <summary>Counts a request refused with HTTP <paramref name="status"/>.</summary>
    void CountRefusal(int status);

    /// <summary>Returns every buffer, closes the transport and gives the slot back to the server.</summary>
    void Release();

    /// <summary>Cuts the connection after an action failed or a trigger came that the state does not take.</summary>
    void Abort(string why);
}
