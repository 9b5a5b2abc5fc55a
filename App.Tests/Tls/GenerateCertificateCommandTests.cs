using System.Net;
using System.Security.Cryptography.X509Certificates;
using EspWs.App.Configuration;
using EspWs.App.Tls;

namespace EspWs.App.Tests.Tls;

public sealed class GenerateCertificateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("espws-generate-").FullName;

    private string Target => Path.Combine(_folder, "certs");

    [Fact]
    public void Writes_a_p256_server_certificate_for_every_name_and_address_of_the_machine()
    {
        (int exit, string output, _) = Run("--generate-certificate", Target);

        Assert.Equal(0, exit);
        using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(
            Path.Combine(Target, GenerateCertificateCommand.CertificateFileName), Path.Combine(Target, GenerateCertificateCommand.KeyFileName));
        Assert.Equal("1.2.840.10045.2.1", certificate.GetKeyAlgorithm());
        Assert.Equal(256, certificate.GetECDsaPublicKey()!.KeySize);
        X509SubjectAlternativeNameExtension names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        string host = Dns.GetHostName();
        Assert.Contains(host, names.EnumerateDnsNames());
        Assert.Contains(host + ".local", names.EnumerateDnsNames());
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.All(MachineNames.Addresses(), address => Assert.Contains(address, names.EnumerateIPAddresses()));
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void Prints_the_sha256_fingerprint_and_the_two_configuration_lines_that_load()
    {
        (_, string output, _) = Run("--generate-certificate", Target);

        string certificatePath = Path.Combine(Target, GenerateCertificateCommand.CertificateFileName);
        string keyPath = Path.Combine(Target, GenerateCertificateCommand.KeyFileName);
        using X509Certificate2 written = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        Assert.Contains("SHA-256 fingerprint: " + ServerCertificate.FormatFingerprint(written), output);
        Assert.Contains($"  CertificatePath: {certificatePath}\n", output.ReplaceLineEndings("\n"));
        Assert.Contains($"  KeyPath: {keyPath}\n", output.ReplaceLineEndings("\n"));
        CertificateLoadResult loaded = ServerCertificateLoader.Load(new TlsSettings { CertificatePath = certificatePath, KeyPath = keyPath }, DateTimeOffset.UtcNow);
        Assert.True(loaded.Succeeded, loaded.Error);
    }

    [Fact]
    public void Refuses_to_overwrite_without_force_and_replaces_with_it()
    {
        Run("--generate-certificate", Target);
        string certificatePath = Path.Combine(Target, GenerateCertificateCommand.CertificateFileName);
        string first = File.ReadAllText(certificatePath);

        (int refused, _, string error) = Run("--generate-certificate", Target);
        string afterRefusal = File.ReadAllText(certificatePath);
        (int forced, _, _) = Run($"--generate-certificate={Target}", "--force");

        Assert.Equal(1, refused);
        Assert.Contains("already exist; nothing was written. Add --force", error);
        Assert.Equal(first, afterRefusal);
        Assert.Equal(0, forced);
        Assert.NotEqual(first, File.ReadAllText(certificatePath));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Key_file_is_readable_by_its_owner_only()
    {
        Run("--generate-certificate", Target);

        UnixFileMode mode = File.GetUnixFileMode(Path.Combine(Target, GenerateCertificateCommand.KeyFileName));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void Missing_folder_is_an_error_that_shows_the_usage()
    {
        (int exit, _, string error) = Run("--generate-certificate");

        Assert.Equal(1, exit);
        Assert.Contains("--generate-certificate DIR [--force]", error);
    }

    [Fact]
    public void Other_arguments_are_left_to_the_app()
    {
        Assert.False(GenerateCertificateCommand.TryRun(["--Server:Port=1"], TextWriter.Null, TextWriter.Null, out _));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(GenerateCertificateCommand.TryRun(args, output, error, out int exit));
        return (exit, output.ToString(), error.ToString());
    }
}
