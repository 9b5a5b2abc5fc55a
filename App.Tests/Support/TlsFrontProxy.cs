using System.Net;
using System.Net.Sockets;
using EspWs.App.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Support;

// TEMPORARY (not committed): stands in for the TLS transport until the connection core's seam lands.
internal sealed class TlsFrontProxy : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ServerCertificateStore _store;
    private readonly IPEndPoint _target;
    private readonly Task _loop;

    public TlsFrontProxy(ServerCertificateStore store, IPEndPoint target)
    {
        _store = store;
        _target = target;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        _loop = Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using System.Net.Security.SslStream? tls = await TlsServerHandshake.TryAuthenticateAsync(new NetworkStream(client), _store, client.RemoteEndPoint, NullLogger.Instance, deadline.Token);
            if (tls is null)
            {
                return;
            }

            using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(_target);
            await using var plain = new NetworkStream(upstream);
            Task a = Pump(tls, plain, () => upstream.Shutdown(SocketShutdown.Send));
            Task b = Pump(plain, tls, () => tls.ShutdownAsync().GetAwaiter().GetResult());
            await Task.WhenAll(a, b);
        }
    }

    private static async Task Pump(Stream from, Stream to, Action end)
    {
        byte[] buffer = new byte[65536];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, n));
            }

            end();
        }
        catch (Exception)
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _loop;
    }
}
