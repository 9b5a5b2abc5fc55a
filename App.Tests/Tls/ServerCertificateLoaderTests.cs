using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EspWs.App.Configuration;
using EspWs.App.Tests.Support;
using EspWs.App.Tls;

namespace EspWs.App.Tests.Tls;

public class ServerCertificateLoaderTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Generated_pem_pair_loads_with_its_key_and_fingerprint()
    {
        using var files = TestCertificate.Create();

        CertificateLoadResult result = ServerCertificateLoader.Load(files.Settings, Now);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.Certificate.Certificate.HasPrivateKey);
        Assert.Equal(ServerCertificate.FormatFingerprint(files.Certificate), result.Certificate.Fingerprint);
        Assert.Null(result.Warning);
    }

    [Fact]
    public void Missing_certificate_file_names_the_key_and_the_problem()
    {
        var tls = new TlsSettings { CertificatePath = "/nonexistent/cert.pem", KeyPath = "/nonexistent/key.pem" };

        CertificateLoadResult result = ServerCertificateLoader.Load(tls, Now);

        Assert.StartsWith("Tls:CertificatePath = '/nonexistent/cert.pem' is not allowed: the file does not exist", result.Error);
    }

    [Fact]
    public void Key_of_another_certificate_is_refused_as_mismatched()
    {
        using var files = TestCertificate.Create();
        using var other = TestCertificate.Create();

        CertificateLoadResult result = ServerCertificateLoader.Load(files.With(keyPath: other.KeyPath), Now);

        Assert.Equal($"Tls:KeyPath = '{other.KeyPath}' is not allowed: the key does not match the certificate in Tls:CertificatePath (or is not a readable ECDSA key).", result.Error);
    }

    [Fact]
    public void Key_file_without_a_key_is_refused()
    {
        using var files = TestCertificate.Create();

        CertificateLoadResult result = ServerCertificateLoader.Load(files.With(keyPath: files.CertificatePath), Now);

        Assert.Equal($"Tls:KeyPath = '{files.CertificatePath}' is not allowed: it holds no PEM private key (-----BEGIN PRIVATE KEY-----).", result.Error);
    }

    [Fact]
    public void Password_protected_key_without_a_password_is_refused_and_opens_with_it()
    {
        using var files = TestCertificate.Create();
        using (ECDsa key = files.Certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(files.KeyPath, key.ExportEncryptedPkcs8PrivateKeyPem("s3cret-passw0rd",
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        }

        CertificateLoadResult locked = ServerCertificateLoader.Load(files.Settings, Now);
        CertificateLoadResult wrong = ServerCertificateLoader.Load(files.With(password: "wrong"), Now);
        CertificateLoadResult opened = ServerCertificateLoader.Load(files.With(password: "s3cret-passw0rd"), Now);

        Assert.Contains("the key is password-protected; set Tls:CertificatePassword", locked.Error);
        Assert.Contains("cannot be opened with Tls:CertificatePassword", wrong.Error);
        Assert.DoesNotContain("wrong", wrong.Error!.Replace("a wrong password", "", StringComparison.Ordinal));
        Assert.True(opened.Succeeded, opened.Error);
    }

    [Fact]
    public void Password_protected_pfx_needs_its_password()
    {
        using var files = TestCertificate.Create();
        string pfx = Path.Combine(files.Folder, "device.pfx");
        File.WriteAllBytes(pfx, files.Certificate.Export(X509ContentType.Pkcs12, "pfx-password"));

        CertificateLoadResult locked = ServerCertificateLoader.Load(new TlsSettings { CertificatePath = pfx }, Now);
        CertificateLoadResult opened = ServerCertificateLoader.Load(new TlsSettings { CertificatePath = pfx, CertificatePassword = "pfx-password" }, Now);

        Assert.StartsWith($"Tls:CertificatePath = '{pfx}' is not allowed: it is neither a PEM certificate nor a PFX that opens without a password", locked.Error);
        Assert.True(opened.Succeeded, opened.Error);
        Assert.Equal(ServerCertificate.FormatFingerprint(files.Certificate), opened.Certificate.Fingerprint);
    }

    [Fact]
    public void Pem_file_holding_certificate_and_key_needs_no_key_path()
    {
        using var files = TestCertificate.Create();
        string combined = Path.Combine(files.Folder, "combined.pem");
        File.WriteAllText(combined, File.ReadAllText(files.CertificatePath) + File.ReadAllText(files.KeyPath));

        CertificateLoadResult result = ServerCertificateLoader.Load(new TlsSettings { CertificatePath = combined }, Now);

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public void Expired_certificate_stops_the_start()
    {
        using var files = TestCertificate.Create();

        CertificateLoadResult result = ServerCertificateLoader.Load(files.Settings, Now + SelfSignedCertificate.Lifetime + TimeSpan.FromDays(1));

        Assert.Matches(@"^Tls:CertificatePath = '.+' is not allowed: the certificate expired on \d{4}-\d\d-\d\d \d\d:\d\d UTC; ", result.Error);
    }

    [Fact]
    public void Certificate_not_valid_yet_is_refused()
    {
        using var files = TestCertificate.Create();

        CertificateLoadResult result = ServerCertificateLoader.Load(files.Settings, Now - TimeSpan.FromDays(30));

        Assert.Contains("the certificate is not valid before", result.Error);
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(31, false)]
    public void Certificate_expiring_within_30_days_loads_with_a_warning(int daysLeft, bool warned)
    {
        using var files = TestCertificate.Create();
        DateTimeOffset notAfter = new(files.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

        CertificateLoadResult result = ServerCertificateLoader.Load(files.Settings, notAfter - TimeSpan.FromDays(daysLeft));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(warned, result.Warning is not null);
        if (warned)
        {
            Assert.Contains($"the certificate expires on {notAfter:yyyy-MM-dd}", result.Warning);
            Assert.Contains($"in {daysLeft} days", result.Warning);
        }
    }

    [Fact]
    public void Client_only_certificate_is_refused_as_not_for_servers()
    {
        using var files = TestCertificate.Create();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=client", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using X509Certificate2 client = request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(30));
        TestCertificate.WriteFiles(client, files.CertificatePath, files.KeyPath);

        CertificateLoadResult result = ServerCertificateLoader.Load(files.Settings, Now);

        Assert.Contains("it is not a server certificate", result.Error);
    }
}
