using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using EspWs.App.Tests.Support;
using EspWs.App.Tls;

namespace EspWs.App.Tests.Tls;

/// <summary>The server side of the TLS handshake on a loopback socket pair, with the client doing right or wrong.</summary>
public sealed class TlsServerHandshakeTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();
    private readonly ServerCertificate _loaded;

    public TlsServerHandshakeTests()
    {
        CertificateLoadResult loaded = ServerCertificateStore.Load(_certificate.Settings, TimeProvider.System);
        Assert.True(loaded.Succeeded, loaded.Error);
        _loaded = loaded.Certificate;
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Client_speaking_tls_12_or_13_gets_the_pinned_certificate(SslProtocols protocol)
    {
        (Socket server, Socket client) = await PairAsync();
        using (server)
        using (client)
        {
            Task<SslStream> accepting = Accept(server, TimeSpan.FromSeconds(5));
            await using var tls = new SslStream(new NetworkStream(client));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocol,
                RemoteCertificateValidationCallback = _certificate.Pinned,
            }, TestTimeout.Token());

            await using SslStream accepted = await accepting.WaitAsync(TestTimeout.Default);
            Assert.Equal(protocol, accepted.SslProtocol);
        }
    }

    [Fact]
    public async Task Client_offering_only_tls_11_is_dropped()
    {
        (Socket server, Socket client) = await PairAsync();
        using (server)
        using (client)
        {
            Task<SslStream> accepting = Accept(server, TimeSpan.FromSeconds(5));
            // A TLS 1.1 ClientHello, written by hand: the client library itself may not speak 1.1 any more.
            await client.SendAsync(ClientHello(0x0302));

            await AssertRefusedAsync(accepting);
        }
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001\u0000\u0005garbage that is no ClientHello at all")]
    public async Task Plain_text_or_garbage_instead_of_a_client_hello_fails_with_one_line(string sent)
    {
        (Socket server, Socket client) = await PairAsync();
        using (server)
        using (client)
        {
            Task<SslStream> accepting = Accept(server, TimeSpan.FromSeconds(5));
            await client.SendAsync(Encoding.Latin1.GetBytes(sent));

            await AssertRefusedAsync(accepting);
        }
    }

    [Fact]
    public async Task Client_that_never_says_hello_is_given_up_at_the_deadline()
    {
        (Socket server, Socket client) = await PairAsync();
        using (server)
        using (client)
        {
            long started = Environment.TickCount64;

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Accept(server, TimeSpan.FromMilliseconds(300)).WaitAsync(TestTimeout.Default));

            Assert.InRange(Environment.TickCount64 - started, 250, 5_000);
        }
    }

    public void Dispose() => _certificate.Dispose();

    private async Task<SslStream> Accept(Socket server, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        return await TlsServerHandshake.AuthenticateAsync(new NetworkStream(server), _loaded, timeout.Token);
    }

    // The connection core logs the exception's message as the one line that says why the client was dropped.
    private static async Task AssertRefusedAsync(Task<SslStream> accepting)
    {
        AuthenticationException refused = await Assert.ThrowsAsync<AuthenticationException>(() => accepting.WaitAsync(TestTimeout.Default));
        Assert.StartsWith("TLS handshake failed: ", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    private static async Task<(Socket Server, Socket Client)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!, TestTimeout.Token());
        Socket server = await listener.AcceptAsync(TestTimeout.Token());
        return (server, client);
    }

    // RFC 5246 §7.4.1.2: a record header, then a ClientHello for one cipher suite and no extensions.
    private static byte[] ClientHello(ushort version)
    {
        var body = new List<byte> { (byte)(version >> 8), (byte)version };
        body.AddRange(new byte[32]);
        body.Add(0);
        body.AddRange(new byte[] { 0, 2, 0x00, 0x2F, 1, 0 });
        var handshake = new List<byte> { 1, 0, (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 0x16, 3, 1, (byte)(handshake.Count >> 8), (byte)handshake.Count };
        record.AddRange(handshake);
        return [.. record];
    }
}
