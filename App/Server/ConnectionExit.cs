namespace EspWs.App.Server;

/// <summary>Why a connection's receive loop stopped, and the close code that goes with it.</summary>
internal readonly record struct ConnectionExit(ConnectionExitKind Kind, ushort Code, string Reason)
{
    public static ConnectionExit Gone(string reason) => new(ConnectionExitKind.PeerGone, 1006, reason);

    public static ConnectionExit Failed(ushort code, string reason) => new(ConnectionExitKind.ProtocolViolated, code, reason);

    public static ConnectionExit CloseReceived(ushort code) => new(ConnectionExitKind.CloseReceived, code, "");

    public static ConnectionExit CloseRequested(ushort code, string reason) => new(ConnectionExitKind.CloseRequested, code, reason);
}

/// <summary>The kinds of <see cref="ConnectionExit"/>.</summary>
internal enum ConnectionExitKind
{
    PeerGone,
    CloseReceived,
    CloseRequested,
    ProtocolViolated,
}
