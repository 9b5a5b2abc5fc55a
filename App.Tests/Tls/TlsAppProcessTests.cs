using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using EspWs.App.Tests.Support;
using EspWs.App.Tls;

namespace EspWs.App.Tests.Tls;

/// <summary>The real app, started as a user starts it, with the two Tls keys.</summary>
public sealed class TlsAppProcessTests : IDisposable
{
    private const int Sighup = 1;
    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Fact]
    public async Task App_started_with_the_two_keys_serves_wss_and_reloads_a_renewal_on_sighup_without_dropping_clients()
    {
        // Like certbot's live/ folder: the configured names are links, and a renewal changes the files they point to,
        // which a watcher of the links' folder does not see; SIGHUP (systemctl reload) is how the app hears of it.
        string live = Directory.CreateDirectory(Path.Combine(_certificate.Folder, "live")).FullName;
        string certificatePath = Path.Combine(live, "cert.pem");
        string keyPath = Path.Combine(live, "key.pem");
        File.CreateSymbolicLink(certificatePath, _certificate.CertificatePath);
        File.CreateSymbolicLink(keyPath, _certificate.KeyPath);
        await using Support.AppProcess app = Support.AppProcess.Start("--Server:Port=0", "--Server:BindAddress=127.0.0.1",
            $"--Tls:CertificatePath={certificatePath}", $"--Tls:KeyPath={keyPath}");
        int port = await app.WaitForPortAsync();
        Assert.Contains($"Listening on wss://127.0.0.1:{port}/ (control page: https://127.0.0.1:{port}/)", app.Output);

        using ClientWebSocket before = await ConnectAsync(port, _certificate.Certificate);
        await ClientMessages.SendTextAsync(before, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(before));

        using X509Certificate2 renewed = TestCertificate.Make(DateTimeOffset.UtcNow);
        TestCertificate.WriteFiles(renewed, _certificate.CertificatePath, _certificate.KeyPath);
        app.Signal(Sighup);
        Assert.True(await TestTimeout.Until(() => app.Output.Contains("TLS certificate reloaded (SIGHUP)", StringComparison.Ordinal)), app.Output);

        using ClientWebSocket after = await ConnectAsync(port, renewed);
        await ClientMessages.SendTextAsync(after, "STATUS");
        Assert.Equal("STATUS", await ClientMessages.ReceiveTextAsync(after));
        await ClientMessages.SendTextAsync(before, "still here");
        Assert.Contains("\"on\":true", await ClientMessages.ReceiveTextAsync(before), StringComparison.Ordinal);
        Assert.Equal("still here", await ClientMessages.ReceiveTextAsync(before));
    }

    [Fact]
    public async Task Expired_certificate_stops_the_start_with_one_line_and_exit_code_2()
    {
        using var expired = TestCertificate.Create(DateTimeOffset.UtcNow - SelfSignedCertificate.Lifetime - TimeSpan.FromDays(2));
        await using Support.AppProcess app = Support.AppProcess.Start("--Server:Port=0", $"--Tls:CertificatePath={expired.CertificatePath}", $"--Tls:KeyPath={expired.KeyPath}");

        await app.WaitForExitAsync();

        Assert.Equal(2, app.ExitCode);
        string line = Assert.Single(app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"espws: configuration error: Tls:CertificatePath = '{expired.CertificatePath}' is not allowed: the certificate expired on ", line);
    }

    public void Dispose() => _certificate.Dispose();

    private static async Task<ClientWebSocket> ConnectAsync(int port, X509Certificate2 trusted)
    {
        var client = new ClientWebSocket();
        client.Options.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == trusted.GetCertHashString();
        await client.ConnectAsync(new Uri($"wss://127.0.0.1:{port}/"), TestTimeout.Token());
        return client;
    }
}
