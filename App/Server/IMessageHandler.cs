using EspWs.App.Server.Protocol;

namespace EspWs.App.Server;

/// <summary>What the server calls with every complete message after echoing it.</summary>
public interface IMessageHandler
{
    /// <summary>
    /// Handles one complete message (text is valid UTF-8). Called on the client's own receive loop, one message at
    /// a time per client; must not block. An exception fails only this client's connection, with 1011.
    /// </summary>
    void OnMessage(IClientConnection client, Opcode opcode, ReadOnlySpan<byte> payload);
}
