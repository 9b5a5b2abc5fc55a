using System.Net;
using System.Net.Sockets;
using System.Text;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Load;

/// <summary>
/// A minimal WebSocket client over a raw socket: it opens with a fixed handshake, sends frames built in advance and
/// reads whole frames, so the load tool spends almost nothing per message beyond the two system calls.
/// </summary>
internal sealed class WsClient : IDisposable
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    private readonly Socket _socket;

    private WsClient(Socket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="server"/> and completes the opening handshake; throws when it is not answered with 101.</summary>
    public static async Task<WsClient> OpenAsync(IPEndPoint server, CancellationToken token)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, token);
            byte[] request = Encoding.ASCII.GetBytes(
                $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                $"Sec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, token);

            // Neither server sends anything unasked after its 101, so reading up to the blank line reads the head alone.
            byte[] head = new byte[1024];
            int received = 0;
            while (HttpHead.FindEnd(head.AsSpan(0, received)) < 0)
            {
                int n = received < head.Length ? await socket.ReceiveAsync(head.AsMemory(received), SocketFlags.None, token) : 0;
                if (n == 0)
                {
                    throw new IOException("The server closed the connection during the handshake.");
                }

                received += n;
            }

            if (!head.AsSpan().StartsWith("HTTP/1.1 101"u8))
            {
                string status = Encoding.ASCII.GetString(head, 0, Math.Min(received, 40)).Split('\r')[0];
                throw new IOException($"The handshake was answered with '{status}'.");
            }

            return new WsClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="bytes"/> whole.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken token)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None, token)..];
        }
    }

    /// <summary>Fills <paramref name="buffer"/> completely; throws when the server closes first.</summary>
    public async ValueTask ReceiveExactlyAsync(Memory<byte> buffer, CancellationToken token)
    {
        while (!buffer.IsEmpty)
        {
            int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, token);
            if (n == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            buffer = buffer[n..];
        }
    }

    /// <summary>Receives whatever has arrived, at least one byte, into <paramref name="buffer"/>; throws when the server closes.</summary>
    public async ValueTask<int> ReceiveSomeAsync(Memory<byte> buffer, CancellationToken token)
    {
        int n = await _socket.ReceiveAsync(buffer, SocketFlags.None, token);
        return n > 0 ? n : throw new IOException("The server closed the connection.");
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
