using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EspWs.App.Tls;

/// <summary>Makes the self-signed ECDSA P-256 server certificate that <c>--generate-certificate</c> writes.</summary>
public static class SelfSignedCertificate
{
    /// <summary>How long a generated certificate is valid: the longest that Apple devices accept for a server certificate.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(825);

    // A device whose clock is a little behind (no RTC before NTP) should still accept its own certificate.
    private static readonly TimeSpan Backdate = TimeSpan.FromDays(1);

    /// <summary>
    /// Creates a certificate for <paramref name="dnsNames"/> and <paramref name="addresses"/>, all put in the subject
    /// alternative names (browsers ignore the common name), valid from <paramref name="now"/> for <see cref="Lifetime"/>.
    /// </summary>
    public static X509Certificate2 Create(string commonName, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(addresses);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + Escape(commonName)), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (string name in dnsNames)
        {
            names.AddDnsName(name);
        }

        foreach (IPAddress address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build(critical: false));
        // A server certificate, not a CA: Firefox refuses a CA certificate used as a server's own.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        return request.CreateSelfSigned(now - Backdate, now + Lifetime);
    }

    // The host name goes into a distinguished name, where ',', '=' and '+' would mean something else.
    private static string Escape(string commonName)
    {
        string safe = new(commonName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_').ToArray());
        return safe.Length > 0 ? safe : "espws";
    }
}
