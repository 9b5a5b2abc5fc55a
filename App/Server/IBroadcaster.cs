namespace EspWs.App.Server;

/// <summary>Sends server frames to every connected client without waiting for any of them.</summary>
public interface IBroadcaster
{
    /// <summary>
    /// Queues <paramref name="frames"/> (one or more complete server frames, back to back, sent together in that order)
    /// for every connected client as one entry of its send queue; returns how many accepted it.
    /// </summary>
    int Broadcast(ReadOnlyMemory<byte> frames);
}
