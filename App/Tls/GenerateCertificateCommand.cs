using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace EspWs.App.Tls;

/// <summary>
/// The <c>--generate-certificate DIR [--force]</c> command: writes a self-signed certificate and key for this machine
/// and prints their fingerprint and the configuration lines that use them.
/// </summary>
public static class GenerateCertificateCommand
{
    /// <summary>The certificate's file name inside DIR.</summary>
    public const string CertificateFileName = "cert.pem";

    /// <summary>The private key's file name inside DIR.</summary>
    public const string KeyFileName = "key.pem";

    private const string Flag = "--generate-certificate";
    private const string ForceFlag = "--force";

    /// <summary>
    /// True when <paramref name="args"/> asked for a certificate; it was then written (or refused) and
    /// <paramref name="exitCode"/> says how that went: 0 written, 1 not.
    /// </summary>
    public static bool TryRun(string[] args, TextWriter output, TextWriter error, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        exitCode = 0;
        int at = Array.FindIndex(args, a => a == Flag || a.StartsWith(Flag + "=", StringComparison.Ordinal));
        if (at < 0)
        {
            return false;
        }

        string? directory = args[at] == Flag ? (at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : null) : args[at][(Flag.Length + 1)..];
        if (string.IsNullOrWhiteSpace(directory))
        {
            error.WriteLine($"espws: {Flag} needs a folder to write {CertificateFileName} and {KeyFileName} into: {Flag} DIR [{ForceFlag}].");
            exitCode = 1;
            return true;
        }

        exitCode = Write(Path.GetFullPath(directory), args.Contains(ForceFlag), output, error);
        return true;
    }

    private static int Write(string directory, bool force, TextWriter output, TextWriter error)
    {
        string certificatePath = Path.Combine(directory, CertificateFileName);
        string keyPath = Path.Combine(directory, KeyFileName);
        string[] existing = [.. new[] { certificatePath, keyPath }.Where(File.Exists)];
        if (existing.Length > 0 && !force)
        {
            error.WriteLine($"espws: {string.Join(" and ", existing)} already exist{(existing.Length == 1 ? "s" : "")}; nothing was written. Add {ForceFlag} to replace {(existing.Length == 1 ? "it" : "them")}.");
            return 1;
        }

        IReadOnlyList<string> names = MachineNames.DnsNames(Dns.GetHostName());
        IReadOnlyList<IPAddress> addresses = MachineNames.Addresses();
        using X509Certificate2 certificate = SelfSignedCertificate.Create(names[0], names, addresses, DateTimeOffset.UtcNow);
        try
        {
            Directory.CreateDirectory(directory);
            using (var key = certificate.GetECDsaPrivateKey()!)
            {
                WriteFile(keyPath, key.ExportPkcs8PrivateKeyPem(), secret: true);
            }

            WriteFile(certificatePath, certificate.ExportCertificatePem(), secret: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"espws: cannot write the certificate into {directory}: {ex.Message}");
            return 1;
        }

        output.WriteLine($"Wrote {certificatePath} (the certificate) and {keyPath} (its private key, readable by this user only).");
        output.WriteLine($"Self-signed ECDSA P-256, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC, for: {string.Join(", ", names.Concat(addresses.Select(a => a.ToString())))}.");
        output.WriteLine($"SHA-256 fingerprint: {ServerCertificate.FormatFingerprint(certificate)}");
        output.WriteLine("Compare it with what a browser shows before you trust the certificate (docs/security.md).");
        output.WriteLine();
        output.WriteLine("Add the two lines to the Tls section of app.config.yaml:");
        output.WriteLine("Tls:");
        output.WriteLine($"  CertificatePath: {certificatePath}");
        output.WriteLine($"  KeyPath: {keyPath}");
        output.WriteLine();
        output.WriteLine($"or start with: --Tls:CertificatePath={certificatePath} --Tls:KeyPath={keyPath}");
        return 0;
    }

    private static void WriteFile(string path, string pem, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.Write(pem);
            writer.Write('\n');
        }

        if (secret && !OperatingSystem.IsWindows())
        {
            // A replaced file keeps the mode it had; the key must not stay readable by others.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
