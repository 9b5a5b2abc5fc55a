using System.Diagnostics.CodeAnalysis;

namespace EspWs.App.Tls;

/// <summary>What loading the <c>Tls</c> files gave: the certificate, or the one line saying why there is none, and any warning.</summary>
/// <param name="Certificate">The loaded certificate, or null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the files cannot be used, naming the key and the problem, or null.</param>
/// <param name="Warning">Something the user should act on although the certificate works (it expires soon), or null.</param>
public sealed record CertificateLoadResult(ServerCertificate? Certificate, string? Error, string? Warning)
{
    /// <summary>Gets a value indicating whether a certificate was loaded.</summary>
    [MemberNotNullWhen(true, nameof(Certificate))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Certificate is not null;

    /// <summary>A result with no certificate, for <paramref name="error"/>.</summary>
    public static CertificateLoadResult Failed(string error) => new(null, error, null);
}
