using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EspWs.App.Configuration;

namespace EspWs.App.Tls;

/// <summary>Loads the certificate and key that <c>Tls:CertificatePath</c> and <c>Tls:KeyPath</c> name, PEM or PFX, and checks them.</summary>
/// <remarks>
/// Every problem comes back as one line naming the key, its value and what is wrong, never as an exception, so a
/// bad file stops the start with exit code 2 and a renewal that fails keeps the certificate in use.
/// </remarks>
public static class ServerCertificateLoader
{
    /// <summary>A certificate that expires within this many days loads, with a warning.</summary>
    public const int ExpiryWarningDays = 30;

    internal const string CertificateKey = "Tls:CertificatePath";
    internal const string KeyKey = "Tls:KeyPath";
    internal const string PasswordKey = "Tls:CertificatePassword";

    // Certificate and key files are a few KiB; a chain of a dozen is still far below this.
    private const int MaxFileBytes = 1024 * 1024;
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string RsaPublicKey = "1.2.840.113549.1.1.1";
    private const string RenewHint = "make a new one with --generate-certificate DIR --force, or renew it";

    /// <summary>Loads and checks the files of <paramref name="tls"/> as of <paramref name="now"/>; never throws for a bad file.</summary>
    public static CertificateLoadResult Load(TlsSettings tls, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (!TryRead(CertificateKey, tls.CertificatePath, out byte[] bytes, out string? error))
        {
            return CertificateLoadResult.Failed(error);
        }

        CertificateLoadResult loaded = IsPem(bytes) ? LoadPem(tls, Encoding.UTF8.GetString(bytes)) : LoadPfx(tls, bytes);
        return loaded.Succeeded ? CheckValidity(tls.CertificatePath, loaded.Certificate, now) : loaded;
    }

    private static CertificateLoadResult LoadPem(TlsSettings tls, string certificateText)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(certificateText);
        }
        catch (CryptographicException ex)
        {
            return Problem(CertificateKey, tls.CertificatePath, $"its PEM certificate cannot be read ({OneLine(ex.Message)})");
        }

        if (certificates.Count == 0)
        {
            return Problem(CertificateKey, tls.CertificatePath, "it holds no certificate (a PEM file with -----BEGIN CERTIFICATE----- or a PFX was expected)");
        }

        // A PEM file may carry the key after the certificate; otherwise Tls:KeyPath names it.
        string keyText = certificateText;
        if (tls.KeyPath.Length > 0)
        {
            if (!TryRead(KeyKey, tls.KeyPath, out byte[] keyBytes, out string? keyError))
            {
                return CertificateLoadResult.Failed(keyError);
            }

            keyText = Encoding.UTF8.GetString(keyBytes);
        }

        X509Certificate2 leaf = certificates[0];
        certificates.RemoveAt(0);
        return AttachKey(tls, leaf, keyText) is { } withKey
            ? new CertificateLoadResult(new ServerCertificate(withKey, certificates), null, null)
            : KeyProblem(tls, leaf, keyText);
    }

    private static X509Certificate2? AttachKey(TlsSettings tls, X509Certificate2 leaf, string keyText)
    {
        bool encrypted = keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if ((encrypted && tls.CertificatePassword.Length == 0) || keyText.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            return null;
        }

        string? password = encrypted ? tls.CertificatePassword : null;
        try
        {
            X509Certificate2 withKey = leaf.GetKeyAlgorithm() switch
            {
                EcPublicKey => WithEcdsaKey(leaf, keyText, password),
                RsaPublicKey => WithRsaKey(leaf, keyText, password),
                _ => throw new CryptographicException("unsupported key algorithm"),
            };

            // Windows' TLS refuses an ephemeral key; a round trip through PKCS#12 gives it a stored one.
            return OperatingSystem.IsWindows()
                ? X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null)
                : withKey;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static X509Certificate2 WithEcdsaKey(X509Certificate2 leaf, string pem, string? password)
    {
        using var key = ECDsa.Create();
        Import(key, pem, password);
        return leaf.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 WithRsaKey(X509Certificate2 leaf, string pem, string? password)
    {
        using var key = RSA.Create();
        Import(key, pem, password);
        return leaf.CopyWithPrivateKey(key);
    }

    private static void Import(AsymmetricAlgorithm key, string pem, string? password)
    {
        if (password is null)
        {
            key.ImportFromPem(pem);
        }
        else
        {
            key.ImportFromEncryptedPem(pem, password);
        }
    }

    // Run only after AttachKey failed, to say which of the ways it can fail this was.
    private static CertificateLoadResult KeyProblem(TlsSettings tls, X509Certificate2 leaf, string keyText)
    {
        string key = tls.KeyPath.Length > 0 ? KeyKey : CertificateKey;
        string path = tls.KeyPath.Length > 0 ? tls.KeyPath : tls.CertificatePath;
        string algorithm = leaf.GetKeyAlgorithm();
        if (algorithm is not (EcPublicKey or RsaPublicKey))
        {
            return Problem(CertificateKey, tls.CertificatePath, $"its key algorithm ({algorithm}) is neither ECDSA nor RSA");
        }

        if (keyText.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            return Problem(key, path, "the key is password-protected in the legacy OpenSSL format; convert it with `openssl pkcs8 -topk8 -in OLD -out NEW` (then set Tls:CertificatePassword) or `openssl pkey -in OLD -out NEW`");
        }

        if (keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return tls.CertificatePassword.Length == 0
                ? Problem(key, path, $"the key is password-protected; set {PasswordKey} (best through ESPWS_Tls__CertificatePassword) or decrypt it with `openssl pkey`")
                : Problem(key, path, $"the key cannot be opened with {PasswordKey} (a wrong password?) or does not match the certificate in {CertificateKey}");
        }

        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return tls.KeyPath.Length > 0
                ? Problem(KeyKey, tls.KeyPath, "it holds no PEM private key (-----BEGIN PRIVATE KEY-----)")
                : Problem(KeyKey, tls.KeyPath, $"the file in {CertificateKey} holds no private key; set {KeyKey} to the PEM key file");
        }

        return Problem(key, path, $"the key does not match the certificate in {CertificateKey} (or is not a readable {(algorithm == EcPublicKey ? "ECDSA" : "RSA")} key)");
    }

    private static CertificateLoadResult LoadPfx(TlsSettings tls, byte[] bytes)
    {
        X509Certificate2Collection items;
        try
        {
            items = X509CertificateLoader.LoadPkcs12Collection(bytes, tls.CertificatePassword.Length == 0 ? null : tls.CertificatePassword);
        }
        catch (CryptographicException)
        {
            return Problem(CertificateKey, tls.CertificatePath, tls.CertificatePassword.Length == 0
                ? $"it is neither a PEM certificate nor a PFX that opens without a password (a password-protected PFX needs {PasswordKey}, best through ESPWS_Tls__CertificatePassword)"
                : $"it is not a PFX that {PasswordKey} opens (a wrong password, or not a PFX)");
        }

        if (tls.KeyPath.Length > 0)
        {
            return Problem(KeyKey, tls.KeyPath, $"the PFX in {CertificateKey} carries its own key; leave {KeyKey} empty");
        }

        X509Certificate2? leaf = items.FirstOrDefault(c => c.HasPrivateKey);
        if (leaf is null)
        {
            return Problem(CertificateKey, tls.CertificatePath, "the PFX holds no private key");
        }

        items.Remove(leaf);
        return new CertificateLoadResult(new ServerCertificate(leaf, items), null, null);
    }

    private static CertificateLoadResult CheckValidity(string path, ServerCertificate loaded, DateTimeOffset now)
    {
        X509Certificate2 certificate = loaded.Certificate;
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == ServerAuthentication))
        {
            return Problem(CertificateKey, path, "it is not a server certificate (its extended key usage lacks TLS server authentication)");
        }

        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore)
        {
            return Problem(CertificateKey, path, $"the certificate is not valid before {Display(notBefore)} (is the clock right?)");
        }

        DateTimeOffset notAfter = loaded.NotAfter;
        if (now >= notAfter)
        {
            return Problem(CertificateKey, path, $"the certificate expired on {Display(notAfter)}; {RenewHint}");
        }

        TimeSpan left = notAfter - now;
        string? warning = left <= TimeSpan.FromDays(ExpiryWarningDays)
            ? $"{CertificateKey} = '{path}': the certificate expires on {Display(notAfter)}, in {Math.Max(1, (int)Math.Ceiling(left.TotalDays))} days; {RenewHint} (a renewal is picked up without a restart)."
            : null;
        return new CertificateLoadResult(loaded, null, warning);
    }

    private static bool TryRead(string key, string path, out byte[] bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        bytes = [];
        error = null;
        try
        {
            using FileStream file = File.OpenRead(path);
            if (file.Length > MaxFileBytes)
            {
                error = Line(key, path, $"the file is {file.Length} bytes, more than a certificate or key file's {MaxFileBytes}");
                return false;
            }

            bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            error = Line(key, path, $"the file does not exist (relative paths start at {Environment.CurrentDirectory})");
        }
        catch (UnauthorizedAccessException)
        {
            error = Line(key, path, "the file cannot be read: permission denied for this user");
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or NotSupportedException)
        {
            error = Line(key, path, $"the file cannot be read: {OneLine(ex.Message)}");
        }

        return false;
    }

    private static bool IsPem(byte[] bytes) =>
        bytes.AsSpan().IndexOf("-----BEGIN "u8) >= 0;

    private static CertificateLoadResult Problem(string key, string value, string problem) =>
        CertificateLoadResult.Failed(Line(key, value, problem));

    private static string Line(string key, string value, string problem) => $"{key} = '{value}' is not allowed: {problem}.";

    private static string Display(DateTimeOffset when) => when.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").TrimEnd('.');
}
