namespace EspWs.App.Server.Connections;

/// <summary>How the opening handshake ended, and for an accepted one the bytes that already follow the request.</summary>
internal readonly record struct HandshakeOutcome(HandshakeOutcomeKind Kind, int Status = 0, byte[]? Buffer = null, int Offset = 0, int Count = 0)
{
    public static HandshakeOutcome Gone { get; } = new(HandshakeOutcomeKind.Gone);

    public static HandshakeOutcome TimedOut { get; } = new(HandshakeOutcomeKind.TimedOut);

    public static HandshakeOutcome Served { get; } = new(HandshakeOutcomeKind.Served);

    public static HandshakeOutcome Refused(int status) => new(HandshakeOutcomeKind.Refused, status);
}

/// <summary>The kinds of <see cref="HandshakeOutcome"/>.</summary>
internal enum HandshakeOutcomeKind
{
    Accepted,
    Refused,
    Served,
    TimedOut,
    Gone,
}
