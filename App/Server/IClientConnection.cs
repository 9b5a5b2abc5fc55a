using System.Net;

namespace EspWs.App.Server;

/// <summary>One connected WebSocket client, as the message handler sees it.</summary>
public interface IClientConnection
{
    /// <summary>The number of the slot serving this client, for logs.</summary>
    int SlotId { get; }

    /// <summary>The client's address and port, when known.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// Queues a complete, pre-built server frame for this client without waiting. False when the client is not
    /// connected or its send queue is full; a full queue also starts closing the client with 1008.
    /// </summary>
    bool TrySend(ReadOnlyMemory<byte> frame);
}
