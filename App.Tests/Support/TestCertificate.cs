using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EspWs.App.Configuration;
using EspWs.App.Tls;

namespace EspWs.App.Tests.Support;

/// <summary>
/// A self-signed certificate for localhost and 127.0.0.1, made as <c>--generate-certificate</c> makes one and written
/// as cert.pem and key.pem into a temporary folder that is deleted on dispose. Clients pin it by its thumbprint.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(string folder, X509Certificate2 certificate)
    {
        Folder = folder;
        Certificate = certificate;
        CertificatePath = Path.Combine(folder, GenerateCertificateCommand.CertificateFileName);
        KeyPath = Path.Combine(folder, GenerateCertificateCommand.KeyFileName);
        WriteFiles(certificate, CertificatePath, KeyPath);
    }

    public string Folder { get; }

    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public TlsSettings Settings => With();

    /// <summary>The Tls settings of these files, with another key file or a password when given.</summary>
    public TlsSettings With(string? keyPath = null, string password = "") =>
        new() { CertificatePath = CertificatePath, KeyPath = keyPath ?? KeyPath, CertificatePassword = password };

    /// <summary>Accepts exactly this certificate, whatever its chain: what a client that pins the device's certificate does.</summary>
    public RemoteCertificateValidationCallback Pinned => (_, presented, _, _) =>
        presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString();

    /// <summary>Makes a certificate valid from <paramref name="issued"/> (now when null) for <see cref="SelfSignedCertificate.Lifetime"/>.</summary>
    public static TestCertificate Create(DateTimeOffset? issued = null)
    {
        string folder = Directory.CreateTempSubdirectory("espws-tls-").FullName;
        return new TestCertificate(folder, Make(issued ?? DateTimeOffset.UtcNow));
    }

    public static X509Certificate2 Make(DateTimeOffset issued) =>
        SelfSignedCertificate.Create("localhost", ["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback], issued);

    /// <summary>Writes <paramref name="certificate"/> and its key as PEM over the given files, as a renewal does.</summary>
    public static void WriteFiles(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("the certificate has no ECDSA key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
