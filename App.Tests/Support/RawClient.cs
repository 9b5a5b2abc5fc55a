using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Support;

/// <summary>
/// A WebSocket client over a raw socket, or a TLS stream over it, so a test controls every byte it sends and sees
/// every byte it gets.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    public const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";

    private readonly Socket _socket;
    private readonly SslStream? _tls;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawClient(Socket socket, SslStream? tls = null)
    {
        _socket = socket;
        _tls = tls;
    }

    public Socket Socket => _socket;

    /// <summary>Gets the TLS stream the client speaks through, or null for plain TCP.</summary>
    public SslStream? Tls => _tls;

    /// <summary>
    /// Connects over TCP, then completes a TLS handshake when <paramref name="tls"/> is given (trusting exactly that
    /// certificate), without the HTTP handshake.
    /// </summary>
    public static Task<RawClient> ConnectAsync(IPEndPoint server, TestCertificate? tls, int? receiveBufferBytes = null) =>
        ConnectAsync(server, tls?.Certificate, receiveBufferBytes);

    /// <summary>Connects over TCP, then completes a TLS handshake when <paramref name="trusted"/> is given, accepting only that certificate.</summary>
    public static async Task<RawClient> ConnectAsync(IPEndPoint server, X509Certificate2? trusted, int? receiveBufferBytes = null)
    {
        RawClient plain = await ConnectAsync(server, receiveBufferBytes);
        if (trusted is null)
        {
            return plain;
        }

        var stream = new SslStream(new NetworkStream(plain._socket, ownsSocket: false), leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == trusted.GetCertHashString(),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        }, timeout.Token);
        return new RawClient(plain._socket, stream);
    }

    /// <summary>Connects (over TLS when <paramref name="tls"/> is given) and completes a valid handshake; fails the test unless the server answers 101.</summary>
    public static async Task<RawClient> OpenAsync(IPEndPoint server, TestCertificate? tls, int? receiveBufferBytes = null)
    {
        RawClient client = await ConnectAsync(server, tls, receiveBufferBytes);
        await client.SendAsync(UpgradeRequest(server.Port));
        string head = await client.ReadHttpHeadAsync();
        Assert.StartsWith("HTTP/1.1 101", head);
        return client;
    }

    /// <summary>
    /// Connects over TCP without a handshake; a <paramref name="receiveBufferBytes"/> shrinks the kernel's receive window, for
    /// clients that stop reading; a <paramref name="from"/> (e.g. 127.0.0.2) makes the client another address to the server.
    /// </summary>
    public static async Task<RawClient> ConnectAsync(IPEndPoint server, int? receiveBufferBytes = null, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        if (from is not null)
        {
            // The source address is chosen at bind, so it must come before connect.
            socket.Bind(new IPEndPoint(from, 0));
        }

        using (var timeout = new CancellationTokenSource(TestTimeout.Default))
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), timeout.Token);
        }

        return new RawClient(socket);
    }

    /// <summary>Connects (see <see cref="ConnectAsync(IPEndPoint, int?, IPAddress?)"/>) and completes a valid handshake; fails the test when the server does not answer 101.</summary>
    public static async Task<RawClient> OpenAsync(IPEndPoint server, int? receiveBufferBytes = null, IPAddress? from = null)
    {
        RawClient client = await ConnectAsync(server, receiveBufferBytes, from);
        await client.SendAsync(UpgradeRequest(server.Port));
        string head = await client.ReadHttpHeadAsync();
        Assert.StartsWith("HTTP/1.1 101", head);
        return client;
    }

    public static string UpgradeRequest(int port, string key = SampleKey, string extraHeaders = "") =>
        $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n";

    public Task SendAsync(string ascii) => SendAsync(Encoding.ASCII.GetBytes(ascii));

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        await WriteAsync(bytes, timeout.Token);
    }

    /// <summary>Sends <paramref name="bytes"/> in writes of at most <paramref name="chop"/> bytes each (1: byte by byte).</summary>
    public async Task SendChoppedAsync(byte[] bytes, int chop)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        for (int i = 0; i < bytes.Length; i += chop)
        {
            await WriteAsync(bytes.AsMemory(i, Math.Min(chop, bytes.Length - i)), timeout.Token);
        }
    }

    /// <summary>Sends like <see cref="SendAsync(byte[])"/>, but returns false instead of throwing when the server already closed or reset.</summary>
    /// <remarks>For what a test sends after a violation: a server that fails fast may be gone before the bytes leave.</remarks>
    public async Task<bool> TrySendAsync(byte[] bytes)
    {
        try
        {
            await SendAsync(bytes);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Builds a client frame: masked unless told otherwise, RSV bits as given.</summary>
    public static byte[] Frame(Opcode opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, int rsv = 0, uint maskKey = 0x12345678)
    {
        var header = new byte[FrameWriter.MaxHeaderLength];
        int headerLength = masked
            ? FrameWriter.WriteMaskedHeader(header, opcode, fin, payload.Length, maskKey)
            : FrameWriter.WriteHeader(header, opcode, fin, payload.Length);
        header[0] |= (byte)(rsv << 4);
        var frame = new byte[headerLength + payload.Length];
        header.AsSpan(0, headerLength).CopyTo(frame);
        payload.CopyTo(frame.AsSpan(headerLength));
        if (masked)
        {
            PayloadMask.Apply(frame.AsSpan(headerLength), maskKey, 0);
        }

        return frame;
    }

    public Task SendFrameAsync(Opcode opcode, byte[] payload, bool fin = true, bool masked = true, int rsv = 0) =>
        SendAsync(Frame(opcode, payload, fin, masked, rsv));

    public Task SendTextAsync(string text) => SendFrameAsync(Opcode.Text, Encoding.UTF8.GetBytes(text));

    public Task SendCloseAsync(ushort code, string reason = "")
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return SendFrameAsync(Opcode.Close, payload);
    }

    /// <summary>Reads the HTTP response head (through the blank line); any bytes after it stay buffered for frames.</summary>
    public async Task<string> ReadHttpHeadAsync()
    {
        while (true)
        {
            int end = HttpHead.FindEnd(_buffer.AsSpan(_start, _end - _start));
            if (end >= 0)
            {
                string head = Encoding.ASCII.GetString(_buffer, _start, end);
                _start += end;
                return head;
            }

            if (!await FillAsync())
            {
                return Encoding.ASCII.GetString(_buffer, _start, _end - _start);
            }
        }
    }

    /// <summary>Reads everything until the server closes TCP.</summary>
    public async Task<string> ReadToEndAsync()
    {
        while (await FillAsync())
        {
        }

        return Encoding.ASCII.GetString(_buffer, _start, _end - _start);
    }

    /// <summary>The next frame, or null when the server closed TCP (or reset it).</summary>
    public async Task<RawFrame?> ReadFrameAsync()
    {
        if (!await EnsureAsync(2))
        {
            return null;
        }

        byte b0 = _buffer[_start];
        byte b1 = _buffer[_start + 1];
        int lengthCode = b1 & 0x7F;
        int headerLength = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + ((b1 & 0x80) != 0 ? 4 : 0);
        if (!await EnsureAsync(headerLength))
        {
            return null;
        }

        long length = lengthCode switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 2)),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(_buffer.AsSpan(_start + 2)),
            _ => lengthCode,
        };
        _start += headerLength;
        var payload = new byte[length];
        int copied = 0;
        while (copied < length)
        {
            if (_end == _start && !await FillAsync())
            {
                return null;
            }

            int take = (int)Math.Min(length - copied, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(payload.AsSpan(copied));
            _start += take;
            copied += take;
        }

        return new RawFrame((b0 & 0x80) != 0, (b0 >> 4) & 7, (Opcode)(b0 & 0x0F), (b1 & 0x80) != 0, payload);
    }

    /// <summary>Reads frames until a close frame; returns it, or null when TCP ended first.</summary>
    public async Task<RawFrame?> ReadUntilCloseAsync()
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == Opcode.Close)
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>
    /// True when the server closes TCP within the timeout (after any frames it still sends); the client then
    /// closes its side too, as a real client does.
    /// </summary>
    public async Task<bool> ServerClosesTcpAsync()
    {
        try
        {
            while (await FillAsync())
            {
                _start = _end;
            }

            CloseOwnSide();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Closes the client's side once the server has closed its own, as a real client does.</summary>
    public void CloseOwnSide()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already reset or disposed: nothing left to close.
        }
    }

    private async Task<bool> EnsureAsync(int count)
    {
        while (_end - _start < count)
        {
            if (!await FillAsync())
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> FillAsync()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        try
        {
            // Disposed at once, so a client that makes thousands of reads leaves no timers behind (the churn tests count memory).
            using var timeout = new CancellationTokenSource(TestTimeout.Default);
            int received = _tls is null
                ? await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, timeout.Token)
                : await _tls.ReadAsync(_buffer.AsMemory(_end), timeout.Token);
            _end += received;
            return received > 0;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException) when (_tls is not null)
        {
            // A reset under TLS surfaces as an IOException around the socket's error.
            return false;
        }
    }

    // Over TLS, a reset is an IOException; callers know a send to a gone server as a SocketException, as over TCP.
    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_tls is null)
        {
            await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            return;
        }

        try
        {
            await _tls.WriteAsync(bytes, cancellationToken);
        }
        catch (IOException ex)
        {
            throw ex.InnerException as SocketException ?? new SocketException((int)SocketError.ConnectionReset);
        }
    }

    public ValueTask DisposeAsync()
    {
        _tls?.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
