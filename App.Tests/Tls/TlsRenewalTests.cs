using System.Security.Cryptography.X509Certificates;
using System.Text;
using EspWs.App.Tests.Support;
using EspWs.App.Tls;

namespace EspWs.App.Tests.Tls;

/// <summary>A renewed certificate reaches new connections while the ones already open continue.</summary>
public sealed class TlsRenewalTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Fact]
    public async Task Renewed_files_reach_new_connections_and_live_ones_continue()
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        await using RawClient before = await RawClient.OpenAsync(server.EndPoint, _certificate);
        using X509Certificate2 renewed = TestCertificate.Make(DateTimeOffset.UtcNow);
        string fingerprint = ServerCertificate.FormatFingerprint(renewed);

        TestCertificate.WriteFiles(renewed, _certificate.CertificatePath, _certificate.KeyPath);

        Assert.True(await TestTimeout.Until(() => server.Certificates!.Current.Fingerprint == fingerprint), "the renewed files were not loaded");
        await using RawClient after = await RawClient.ConnectAsync(server.EndPoint, renewed);
        Assert.Equal(renewed.GetCertHashString(), after.Tls!.RemoteCertificate!.GetCertHashString());
        Assert.Equal(_certificate.Certificate.GetCertHashString(), before.Tls!.RemoteCertificate!.GetCertHashString());
        await before.SendTextAsync("still on the old certificate");
        Assert.Equal("still on the old certificate", Encoding.UTF8.GetString((await before.ReadFrameAsync())!.Payload));
    }

    [Fact]
    public async Task Renewal_with_a_mismatched_key_keeps_the_certificate_in_use()
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        using var other = TestCertificate.Create();

        File.Copy(other.KeyPath, _certificate.KeyPath, overwrite: true);
        Assert.False(server.Certificates!.Reload("test"));

        await using RawClient client = await RawClient.OpenAsync(server.EndPoint, _certificate);
        Assert.Equal(_certificate.Certificate.GetCertHashString(), client.Tls!.RemoteCertificate!.GetCertHashString());
    }

    public void Dispose() => _certificate.Dispose();
}
