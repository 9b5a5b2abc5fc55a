using System.Net.WebSockets;
using System.Text;

namespace EspWs.App.Tests.Support;

/// <summary>Reads whole messages from a <see cref="ClientWebSocket"/>, with the test timeout.</summary>
public static class ClientMessages
{
    public static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveAsync(WebSocket socket)
    {
        using var message = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        CancellationToken token = TestTimeout.Token();
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    public static async Task<string> ReceiveTextAsync(WebSocket socket)
    {
        (WebSocketMessageType type, byte[] payload) = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(payload);
    }

    public static Task SendTextAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestTimeout.Token());

    public static async Task<ClientWebSocket> ConnectAsync(Uri uri)
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(uri, TestTimeout.Token());
        return client;
    }
}
