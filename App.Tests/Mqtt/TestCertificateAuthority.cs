using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EspWs.App.Tests.Mqtt;

/// <summary>
/// A home CA made as a user makes one (a self-signed CA certificate, no revocation list), which signs broker and client
/// certificates; each is written as PEM into a temporary folder that mosquitto, running as its own user, can read.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private int _files;

    public TestCertificateAuthority(string name = "EspWs Test Home CA", string? crlUrl = null)
    {
        Folder = Directory.CreateTempSubdirectory("espws-ca-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Folder, (UnixFileMode)0b111_101_101);
        }

        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(5));
        CrlUrl = crlUrl;
        CertificatePath = Write("ca.pem", _certificate.ExportCertificatePem());
    }

    public string Folder { get; }

    /// <summary>The CA certificate's PEM file: what <c>Mqtt:CaFile</c> and mosquitto's <c>cafile</c> name.</summary>
    public string CertificatePath { get; }

    private string? CrlUrl { get; }

    /// <summary>A broker certificate for <paramref name="dnsName"/> and 127.0.0.1 (none when <paramref name="withLoopback"/> is false); returns its certificate and key files.</summary>
    public (string Certificate, string Key) Broker(string dnsName = "localhost", bool withLoopback = true, bool expired = false) =>
        Issue(dnsName, withLoopback, expired, serverAuth: true);

    /// <summary>A client certificate for the device <paramref name="name"/>; returns its certificate and key files.</summary>
    public (string Certificate, string Key) Client(string name) => Issue(name, withLoopback: false, expired: false, serverAuth: false);

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private (string Certificate, string Key) Issue(string name, bool withLoopback, bool expired, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        if (withLoopback)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
        if (CrlUrl is not null)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([CrlUrl]));
        }

        DateTimeOffset notBefore = expired ? DateTimeOffset.UtcNow.AddDays(-20) : DateTimeOffset.UtcNow.AddDays(-1);
        DateTimeOffset notAfter = expired ? DateTimeOffset.UtcNow.AddDays(-2) : DateTimeOffset.UtcNow.AddDays(90);
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = request.Create(_certificate, notBefore, notAfter, serial);
        _files++;
        return (Write($"{_files}-{name}.crt.pem", issued.ExportCertificatePem()), Write($"{_files}-{name}.key.pem", key.ExportPkcs8PrivateKeyPem()));
    }

    private string Write(string name, string pem)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, pem + "\n");
        if (!OperatingSystem.IsWindows())
        {
            // mosquitto reads its files after it has dropped to its own user.
            File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        }

        return path;
    }
}
