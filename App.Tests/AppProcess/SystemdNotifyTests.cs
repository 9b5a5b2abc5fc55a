using System.Net.Sockets;
using System.Text;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.AppProcess;

/// <summary>The sd_notify path to a real app process: the test plays systemd's side of NOTIFY_SOCKET.</summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("espws-notify-");
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public void Dispose()
    {
        _work.Delete(recursive: true);
        _certificate.Dispose();
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Ready_comes_once_listening_then_watchdog_pings_then_stopping(bool abstractSocket, bool tls)
    {
        string name = abstractSocket ? $"@espws-notify-{Guid.NewGuid():N}" : Path.Combine(_work.FullName, "notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(abstractSocket ? "\0" + name[1..] : name));
        string[] transport = tls ? [$"--Tls:CertificatePath={_certificate.CertificatePath}", $"--Tls:KeyPath={_certificate.KeyPath}"] : [];

        await using var app = Support.AppProcess.Start(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = name, ["WATCHDOG_USEC"] = "600000" },
            ["--Server:BindAddress=127.0.0.1", "--Server:Port=0", .. transport]);

        string ready = await ReceiveAsync(systemd);
        Assert.Contains("READY=1", ready.Split('\n'));
        // Ready means listening: the port is logged and a connection is accepted by then.
        int port = await app.WaitForPortAsync();
        using (var probe = new TcpClient())
        {
            await probe.ConnectAsync("127.0.0.1", port, TestTimeout.Token());
        }

        for (int ping = 0; ping < 3; ping++)
        {
            string[] assignments = (await ReceiveAsync(systemd)).Split('\n');
            Assert.Contains("WATCHDOG=1", assignments);
            Assert.DoesNotContain(assignments, a => a.StartsWith("STATUS=", StringComparison.Ordinal) && a != "STATUS=serving");
        }

        app.Signal(15);
        string stopping;
        do
        {
            stopping = await ReceiveAsync(systemd);
        }
        while (stopping.StartsWith("WATCHDOG=1", StringComparison.Ordinal));

        Assert.Equal("STOPPING=1", stopping);
        await app.WaitForExitAsync();
        Assert.Equal(0, app.ExitCode);
    }

    [Fact]
    public async Task Watchdog_meant_for_another_process_sends_no_pings()
    {
        string name = Path.Combine(_work.FullName, "notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(name));

        await using var app = Support.AppProcess.Start(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = name, ["WATCHDOG_USEC"] = "200000", ["WATCHDOG_PID"] = "1" },
            "--Server:BindAddress=127.0.0.1", "--Server:Port=0");

        Assert.Contains("READY=1", (await ReceiveAsync(systemd)).Split('\n'));
        // Ten intervals without a datagram: no pings were meant for this process.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveAsync(systemd, TimeSpan.FromSeconds(1)));
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan? timeout = null)
    {
        byte[] buffer = new byte[4096];
        int length = await socket.ReceiveAsync(buffer, SocketFlags.None, TestTimeout.Token(timeout ?? TimeSpan.FromSeconds(30)));
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
