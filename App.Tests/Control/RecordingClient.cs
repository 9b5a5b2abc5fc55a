using System.Net;
using System.Text;
using EspWs.App.Server;

namespace EspWs.App.Tests.Control;

/// <summary>A connected client that records, in a shared log, the text of every frame it is sent.</summary>
internal sealed class RecordingClient(int slotId, List<string> log) : IClientConnection
{
    public int SlotId => slotId;

    /// <summary>The client's address; a new value stands for a new connection in the same slot.</summary>
    public EndPoint? RemoteEndPoint { get; set; } = new IPEndPoint(IPAddress.Loopback, 50_000 + slotId);

    public List<string> Received { get; } = [];

    public bool TrySend(ReadOnlyMemory<byte> frame)
    {
        // Server frames here are short unmasked text frames: a 2-byte header, then the payload.
        string text = Encoding.UTF8.GetString(frame.Span[2..]);
        lock (log)
        {
            Received.Add(text);
            log.Add($"client {slotId} <- {text}");
        }

        return true;
    }
}
