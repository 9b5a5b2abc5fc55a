namespace EspWs.App.Server;

/// <summary>Sends one server frame to every connected client without waiting for any of them.</summary>
public interface IBroadcaster
{
    /// <summary>Queues <paramref name="frame"/> for every connected client; returns how many accepted it.</summary>
    int Broadcast(ReadOnlyMemory<byte> frame);
}
