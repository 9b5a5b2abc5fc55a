namespace EspWs.Hardware;

/// <summary>What an adapter reports when it disconnects: why.</summary>
public sealed class NetworkDisconnectionEventArgs : EventArgs
{
    /// <summary>Creates the arguments for a disconnection that happened because of <paramref name="reason"/>.</summary>
    public NetworkDisconnectionEventArgs(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Reason = reason;
    }

    /// <summary>Why the adapter disconnected, for people (for example "disconnected by the app").</summary>
    public string Reason { get; }
}
