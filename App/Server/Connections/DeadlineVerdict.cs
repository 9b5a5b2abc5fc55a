namespace EspWs.App.Server.Connections;

/// <summary>What a connection's deadlines call for when the watchdog looks.</summary>
internal enum DeadlineVerdict
{
    /// <summary>Nothing is due.</summary>
    None,

    /// <summary>The client has been silent for Server:PingInterval: ping it.</summary>
    PingDue,

    /// <summary>The request did not arrive within Server:HandshakeTimeout.</summary>
    HandshakeTimedOut,

    /// <summary>The ping's pong did not arrive within Server:PongTimeout.</summary>
    PongTimedOut,

    /// <summary>A write stayed blocked for Server:SendTimeout: the client does not read.</summary>
    SendTimedOut,

    /// <summary>A message holding budget fell more than Server:MessageDataRateGracePeriod behind Server:MinMessageDataRate.</summary>
    MessageTooSlow,

    /// <summary>The closing handshake did not end within Server:CloseTimeout.</summary>
    CloseTimedOut,
}
