using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Tls;

/// <summary>
/// A wss:// client: an <see cref="SslStream"/> per connection that trusts exactly the pinned certificate. TLS needs a
/// stream per connection, so this path uses .NET's async sockets rather than the epoll loop, and costs the tool more.
/// </summary>
internal sealed class TlsClient : IAsyncDisposable
{
    private readonly Socket _socket;

    private TlsClient(Socket socket, SslStream stream, byte[] leftover)
    {
        _socket = socket;
        Stream = stream;
        Leftover = leftover;
    }

    /// <summary>The TLS stream.</summary>
    public SslStream Stream { get; }

    /// <summary>Bytes that came after the 101 head in the same read.</summary>
    public byte[] Leftover { get; }

    /// <summary>The frames the server has sent, as counted so far.</summary>
    public FrameScanner Scanner;

    /// <summary>Connects, completes TLS and the upgrade; throws when the server does not answer 101.</summary>
    public static async Task<TlsClient> OpenAsync(IPEndPoint server, X509Certificate2 pinned, CancellationToken token)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, token);
            var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false,
                (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == pinned.GetCertHashString());
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"GET / HTTP/1.1\r\nHost: localhost:{server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"), token);
            byte[] head = new byte[1024];
            int length = 0;
            int end;
            while ((end = head.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                int n = length < head.Length ? await stream.ReadAsync(head.AsMemory(length), token) : 0;
                length += n > 0 ? n : throw new IOException("the server closed the connection during the handshake");
            }

            if (!head.AsSpan().StartsWith("HTTP/1.1 101"u8))
            {
                throw new IOException($"the handshake was answered with '{Encoding.ASCII.GetString(head, 0, 40).Split('\r')[0]}'");
            }

            return new TlsClient(socket, stream, head[(end + 4)..length]);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="count"/> clients, <paramref name="parallel"/> at a time; throws if any fails.</summary>
    public static async Task<List<TlsClient>> OpenManyAsync(IPEndPoint server, X509Certificate2 pinned, int count, int parallel)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var gate = new SemaphoreSlim(parallel);
        Task<TlsClient>[] opening = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync(deadline.Token);
            try
            {
                return await OpenAsync(server, pinned, deadline.Token);
            }
            finally
            {
                gate.Release();
            }
        }).ToArray();
        try
        {
            return [.. await Task.WhenAll(opening)];
        }
        catch
        {
            foreach (Task<TlsClient> done in opening.Where(t => t.IsCompletedSuccessfully))
            {
                await done.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _socket.Dispose();
    }
}
