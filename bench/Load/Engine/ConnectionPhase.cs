namespace EspWs.Bench.Load.Engine;

/// <summary>Where one client connection of the load tool is in its life.</summary>
internal enum ConnectionPhase
{
    /// <summary>Not opened yet, or closed.</summary>
    Idle,

    /// <summary>The TCP connect is under way.</summary>
    Connecting,

    /// <summary>The upgrade request is sent; waiting for the whole response head.</summary>
    Handshaking,

    /// <summary>Answered with 101: frames flow.</summary>
    Open,

    /// <summary>Refused, reset or closed by the server; <see cref="ClientConnection.Failure"/> says why.</summary>
    Failed,
}
