using System.Net;
using System.Net.Sockets;
using System.Text;
using EspWs.App.Systemd;
using EspWs.App.Tests.Support;
using EspWs.App.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Systemd;

/// <summary>The watchdog's self-check against listeners that answer, hang, or are not the app's own; the test plays systemd.</summary>
public sealed class ServiceWatchdogTests : IDisposable
{
    // WATCHDOG_USEC of 400 ms: a ping every 200 ms, each probe allowed 200 ms.
    private const string WatchdogUsec = "400000";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("espws-watchdog-");
    private readonly TestCertificate _certificate = TestCertificate.Create();
    private readonly Socket _systemd = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly SystemdNotifier _notifier;

    public ServiceWatchdogTests()
    {
        string path = Path.Combine(_work.FullName, "notify.sock");
        _systemd.Bind(new UnixDomainSocketEndPoint(path));
        _notifier = SystemdNotifier.FromEnvironment(name => name switch
        {
            "NOTIFY_SOCKET" => path,
            "WATCHDOG_USEC" => WatchdogUsec,
            _ => null,
        })!;
    }

    [Fact]
    public async Task Pings_keep_coming_while_the_tls_listener_answers_its_own_health_probe()
    {
        await using var server = TestServer.Start(tls: _certificate);
        await using var watchdog = Start(new ListenerProbe(server.EndPoint, server.Certificates));

        for (int ping = 0; ping < 3; ping++)
        {
            Assert.Contains("WATCHDOG=1", (await ReceiveAsync()).Split('\n'));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pings_keep_coming_while_every_slot_is_taken_and_the_listener_refuses_with_503(bool tls)
    {
        await using var server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = 2 }, tls: tls ? _certificate : null);

        // Clients that never start their handshake hold the slots until Server:HandshakeTimeout: a full listener,
        // which answers every newcomer, the probe included, with a plain 503 before any TLS.
        using var first = new TcpClient();
        using var second = new TcpClient();
        await first.ConnectAsync(server.EndPoint);
        await second.ConnectAsync(server.EndPoint);
        Assert.True(await TestTimeout.Until(() => server.Server.AvailableSlots == 0));
        await using var watchdog = Start(new ListenerProbe(server.EndPoint, server.Certificates));

        string ping = await ReceiveAsync();
        Assert.Contains("WATCHDOG=1", ping.Split('\n'));
        Assert.Contains("STATUS=HTTP/1.1 503 ", ping, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_listener_that_accepts_but_never_answers_gets_no_pings(bool tls)
    {
        // The kernel completes the TCP handshake into the backlog; nothing above it ever reads: a hung accept loop.
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start();
        await using var server = tls ? TestServer.Start(tls: _certificate) : null;
        await using var watchdog = Start(new ListenerProbe((IPEndPoint)hung.LocalEndpoint, server?.Certificates));

        await AssertNoPingAsync();
    }

    [Fact]
    public async Task A_tls_listener_presenting_another_certificate_gets_no_pings()
    {
        using var other = TestCertificate.Create();
        await using var server = TestServer.Start(tls: other);
        CertificateLoadResult ours = ServerCertificateStore.Load(_certificate.Settings, TimeProvider.System);
        var store = new ServerCertificateStore(_certificate.Settings, ours.Certificate!, NullLogger.Instance, TimeProvider.System);
        await using var watchdog = Start(new ListenerProbe(server.EndPoint, store));

        await AssertNoPingAsync();
    }

    public void Dispose()
    {
        _notifier.Dispose();
        _systemd.Dispose();
        _certificate.Dispose();
        _work.Delete(recursive: true);
    }

    private ServiceWatchdog Start(ListenerProbe probe) =>
        new(_notifier, probe, _notifier.WatchdogInterval!.Value, NullLogger.Instance);

    // Ten intervals without a datagram.
    private Task<OperationCanceledException> AssertNoPingAsync() =>
        Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveAsync(TimeSpan.FromSeconds(2)));

    private async Task<string> ReceiveAsync(TimeSpan? timeout = null)
    {
        byte[] buffer = new byte[4096];
        int length = await _systemd.ReceiveAsync(buffer, SocketFlags.None, TestTimeout.Token(timeout ?? TimeSpan.FromSeconds(30)));
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
