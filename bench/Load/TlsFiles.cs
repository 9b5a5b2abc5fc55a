using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EspWs.Bench.Load;

/// <summary>A self-signed ECDSA P-256 certificate for 127.0.0.1 and localhost, written as PEM for both servers to serve.</summary>
internal sealed class TlsFiles : IDisposable
{
    private readonly string _folder;

    private TlsFiles(string folder, X509Certificate2 certificate)
    {
        _folder = folder;
        Certificate = certificate;
    }

    /// <summary>The certificate, which the load tool pins.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate's PEM file.</summary>
    public string CertificatePath => Path.Combine(_folder, "cert.pem");

    /// <summary>The private key's PEM file.</summary>
    public string KeyPath => Path.Combine(_folder, "key.pem");

    /// <summary>Makes the certificate and writes it into a new temporary folder.</summary>
    public static TlsFiles Create()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string folder = Directory.CreateTempSubdirectory("espws-bench-tls-").FullName;
        var files = new TlsFiles(folder, certificate);
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return files;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
