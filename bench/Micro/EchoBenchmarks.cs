using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Micro;

/// <summary>
/// One whole echo of a small message through the real <see cref="WebSocketServer"/> over loopback TCP: the client
/// sends a masked frame and blocks until the whole echo is back.
/// </summary>
/// <remarks>
/// The server serves only sockets, so there is no in-memory path; loopback adds two system calls a side and the
/// kernel's wake-ups, which dominate the time. The memory column counts the whole process, server threads included.
/// </remarks>
public class EchoBenchmarks : IAsyncDisposable
{
    private BenchHost? _host;
    private Socket? _socket;
    private byte[] _frame = [];
    private byte[] _echo = [];

    /// <summary>The message size in bytes.</summary>
    [Params(16, 1024)]
    public int Size { get; set; }

    /// <summary>Starts the server on a free loopback port and opens one WebSocket to it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _host = new BenchHost(maxClients: 4);
        _host.Host.StartAsync(CancellationToken.None).GetAwaiter().GetResult();

        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, _host.Host.EndPoint.Port));
        _socket.Send(Encoding.ASCII.GetBytes(
            $"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        byte[] head = new byte[1024];
        int received = 0;
        while (HttpHead.FindEnd(head.AsSpan(0, received)) < 0)
        {
            int n = _socket.Receive(head, received, head.Length - received, SocketFlags.None);
            received += n > 0 ? n : throw new InvalidOperationException("The server closed the connection during the handshake.");
        }

        const uint maskKey = 0x12345678;
        int headerLength = FrameWriter.HeaderLength(Size, masked: true);
        _frame = new byte[headerLength + Size];
        FrameWriter.WriteMaskedHeader(_frame, Opcode.Binary, fin: true, Size, maskKey);
        _frame.AsSpan(headerLength).Fill((byte)'x');
        PayloadMask.Apply(_frame.AsSpan(headerLength), maskKey, 0);
        _echo = new byte[FrameWriter.HeaderLength(Size) + Size];
    }

    /// <summary>Sends one message and waits for its whole echo.</summary>
    [Benchmark]
    public int Echo()
    {
        _socket!.Send(_frame);
        int received = 0;
        while (received < _echo.Length)
        {
            int n = _socket.Receive(_echo, received, _echo.Length - received, SocketFlags.None);
            received += n > 0 ? n : throw new InvalidOperationException("The server closed the connection.");
        }

        return received;
    }

    /// <summary>Closes the client and stops the server.</summary>
    [GlobalCleanup]
    public void Cleanup() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _socket?.Dispose();
        _socket = null;
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }
}
