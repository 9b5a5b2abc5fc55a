using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Load;

/// <summary>
/// The cheapest server the load tool can talk to: it answers any request with a fixed 101, then sends each frame's
/// payload back, unmasked, under a server header, checking nothing; one receive and one send per batch of frames.
/// Against it, the load tool's own limit shows: what it reaches here, it is not what limits the real servers.
/// </summary>
internal static class TrivialEchoServer
{
    private const int BufferBytes = 256 * 1024;

    private static readonly byte[] SwitchingProtocols =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n"u8.ToArray();

    /// <summary>Serves on 127.0.0.1:<paramref name="port"/> until the process is killed.</summary>
    public static async Task RunAsync(int port)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(4096);
        while (true)
        {
            Socket client = await listener.AcceptAsync();
            client.NoDelay = true;
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private static async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                byte[] input = new byte[BufferBytes];
                byte[] output = new byte[BufferBytes];
                int received = 0;
                int headEnd;
                while ((headEnd = HttpHead.FindEnd(input.AsSpan(0, received))) < 0)
                {
                    received += await ReceiveAsync(socket, input.AsMemory(received));
                }

                await socket.SendAsync(SwitchingProtocols, SocketFlags.None);
                int start = headEnd;
                while (true)
                {
                    int produced = EchoCompleteFrames(input, ref start, received, output);
                    if (produced > 0)
                    {
                        await SendAsync(socket, output.AsMemory(0, produced));
                    }

                    input.AsSpan(start, received - start).CopyTo(input);
                    received -= start;
                    start = 0;
                    received += await ReceiveAsync(socket, input.AsMemory(received));
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                // The client left.
            }
        }
    }

    // Turns every complete client frame in input[start..end] into a server frame in output; returns the bytes written.
    private static int EchoCompleteFrames(byte[] input, ref int start, int end, byte[] output)
    {
        int written = 0;
        while (end - start >= 2)
        {
            int length = input[start + 1] & 0x7F;
            int extended = length switch { 126 => 2, 127 => 8, _ => 0 };
            int header = 2 + extended;
            if (end - start < header + 4)
            {
                break;
            }

            if (length == 126)
            {
                length = BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(start + 2));
            }

            if (end - start < header + 4 + length || written + header + length > output.Length)
            {
                break;
            }

            uint maskKey = BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(start + header));
            input.AsSpan(start, header).CopyTo(output.AsSpan(written));
            output[written + 1] &= 0x7F;
            Span<byte> payload = output.AsSpan(written + header, length);
            input.AsSpan(start + header + 4, length).CopyTo(payload);
            PayloadMask.Apply(payload, maskKey, 0);
            written += header + length;
            start += header + 4 + length;
        }

        return written;
    }

    private static async Task<int> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        int n = await socket.ReceiveAsync(buffer, SocketFlags.None);
        return n > 0 ? n : throw new IOException("closed");
    }

    private static async Task SendAsync(Socket socket, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await socket.SendAsync(bytes, SocketFlags.None)..];
        }
    }
}
