using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EspWs.App.Tls;

/// <summary>A loaded server certificate with its private key, ready for TLS handshakes without building its chain again.</summary>
/// <remarks>
/// Not disposable on purpose: a replaced certificate may still be in use by a handshake in flight, and renewals
/// are rare, so the garbage collector releases it.
/// </remarks>
public sealed class ServerCertificate
{
    internal ServerCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        Certificate = certificate;
        // Built once per load: a context made per handshake would build the chain each time, and .NET 10 has been
        // seen to hang in a handshake with a PEM-loaded certificate until its context was built (dotnet/runtime #127207).
        Context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        Fingerprint = FormatFingerprint(certificate);
    }

    /// <summary>Gets the certificate the server presents; it carries its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the context an <see cref="SslStream"/> authenticates with: the certificate and its intermediates.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>Gets the SHA-256 fingerprint as colon-separated hex pairs, the way browsers show it.</summary>
    public string Fingerprint { get; }

    /// <summary>Gets the end of the certificate's validity.</summary>
    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>Formats <paramref name="certificate"/>'s SHA-256 hash as colon-separated upper-case hex pairs.</summary>
    public static string FormatFingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        byte[] hash = certificate.GetCertHash(HashAlgorithmName.SHA256);
        return string.Join(':', hash.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
    }
}
