using System.Buffers.Binary;
using System.Net;
using EspWs.Bench.Load.Native;

namespace EspWs.Bench.Load;

/// <summary>
/// The cheapest server the load tool can talk to, on one epoll thread: a fixed 101 to any request, then every whole frame's
/// payload unmasked and sent back, checking nothing; one receive and one send per batch of frames. Against it the load
/// tool's own ceiling shows.
/// </summary>
internal static class TrivialEchoServer
{
    private const int BufferBytes = 64 * 1024;
    private const int ListenerToken = -1;

    private static readonly byte[] SwitchingProtocols =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n"u8.ToArray();

    /// <summary>Serves on 127.0.0.1:<paramref name="port"/> until the process is killed.</summary>
    public static void Run(int port)
    {
        using var poller = new Poller();
        int listener = RawSocket.Listen(new IPEndPoint(IPAddress.Loopback, port), 4096);
        poller.Add(listener, Libc.EpollIn, ListenerToken);
        var peers = new Dictionary<int, Peer>();
        byte[] output = new byte[BufferBytes];
        while (true)
        {
            int ready = poller.Wait(timeoutMs: 1000);
            foreach (EpollEvent ev in poller.Ready[..ready])
            {
                int token = (int)ev.Data;
                if (token == ListenerToken)
                {
                    int fd;
                    while ((fd = Libc.Accept(listener, 0, 0, 0x800 | 0x80000)) >= 0)
                    {
                        int one = 1;
                        Libc.SetSocketOption(fd, Libc.IpProtoTcp, Libc.TcpNoDelay, in one, sizeof(int));
                        peers[fd] = new Peer();
                        poller.Add(fd, Libc.EpollIn, fd);
                    }

                    continue;
                }

                if (!Serve(token, peers[token], output))
                {
                    Libc.Close(token);
                    peers.Remove(token);
                }
            }
        }
    }

    // One receive, then an answer for everything whole in the buffer; false when the client has gone.
    private static bool Serve(int fd, Peer peer, byte[] output)
    {
        int n = RawSocket.Receive(fd, peer.Input.AsSpan(peer.Length), out _);
        if (n == RawSocket.WouldBlock)
        {
            return true;
        }

        if (n <= 0)
        {
            return false;
        }

        peer.Length += n;
        int start = 0;
        int produced = 0;
        if (!peer.Upgraded)
        {
            int end = peer.Input.AsSpan(0, peer.Length).IndexOf("\r\n\r\n"u8);
            if (end < 0)
            {
                return peer.Length < peer.Input.Length;
            }

            SwitchingProtocols.CopyTo(output, 0);
            produced = SwitchingProtocols.Length;
            start = end + 4;
            peer.Upgraded = true;
        }

        produced += EchoWholeFrames(peer.Input, ref start, peer.Length, output.AsSpan(produced));
        peer.Input.AsSpan(start, peer.Length - start).CopyTo(peer.Input);
        peer.Length -= start;
        return SendAll(fd, output.AsSpan(0, produced));
    }

    // Turns every whole client frame in input[start..end] into a server frame in output; returns the bytes written.
    private static int EchoWholeFrames(byte[] input, ref int start, int end, Span<byte> output)
    {
        int written = 0;
        while (end - start >= 2)
        {
            int length = input[start + 1] & 0x7F;
            int header = length switch { 126 => 4, 127 => 10, _ => 2 };
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

            input.AsSpan(start, header).CopyTo(output[written..]);
            output[written + 1] &= 0x7F;
            ReadOnlySpan<byte> key = input.AsSpan(start + header, 4);
            ReadOnlySpan<byte> payload = input.AsSpan(start + header + 4, length);
            Span<byte> echo = output.Slice(written + header, length);
            for (int i = 0; i < length; i++)
            {
                echo[i] = (byte)(payload[i] ^ key[i & 3]);
            }

            written += header + length;
            start += header + 4 + length;
        }

        return written;
    }

    // The load tool keeps few bytes in flight, so a send rarely stops short; when it does, wait here rather than queue.
    private static bool SendAll(int fd, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int n = RawSocket.Send(fd, bytes, out _);
            if (n == RawSocket.Failed)
            {
                return false;
            }

            if (n == RawSocket.WouldBlock)
            {
                Thread.Sleep(0);
                continue;
            }

            bytes = bytes[n..];
        }

        return true;
    }

    private sealed class Peer
    {
        public byte[] Input { get; } = new byte[BufferBytes];

        public int Length { get; set; }

        public bool Upgraded { get; set; }
    }
}
