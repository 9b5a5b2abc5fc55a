using EspWs.App.Server.Protocol;

namespace EspWs.App.Server;

/// <summary>Answers the plain HTTP requests (GET or HEAD without an upgrade) that reach the WebSocket port.</summary>
public interface IHttpEndpoint
{
    /// <summary>Returns the complete HTTP response to send for <paramref name="request"/>; the connection closes after it.</summary>
    byte[] Respond(HandshakeResult request);
}
