using EspWs.App.Server;

namespace EspWs.App.Tests.Control;

/// <summary>The connected clients a broadcast reaches, each recording what it is sent.</summary>
internal sealed class RecordingClients(params RecordingClient[] clients) : IBroadcaster
{
    public int Broadcasts { get; private set; }

    public int Broadcast(ReadOnlyMemory<byte> frame)
    {
        Broadcasts++;
        foreach (RecordingClient client in clients)
        {
            client.TrySend(frame);
        }

        return clients.Length;
    }
}
