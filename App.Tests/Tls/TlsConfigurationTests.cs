using EspWs.App.Tests.Configuration;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Tls;

public class TlsConfigurationTests
{
    [Fact]
    public void Generated_files_named_by_the_two_keys_load_and_turn_tls_on()
    {
        using var files = TestCertificate.Create();
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load($"--Tls:CertificatePath={files.CertificatePath}", $"--Tls:KeyPath={files.KeyPath}");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(files.CertificatePath, result.Settings.Tls.CertificatePath);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Missing_certificate_stops_the_load_with_one_line()
    {
        using var config = new TempConfigDirectory("Tls:\n  CertificatePath: /nonexistent/cert.pem\n  KeyPath: /nonexistent/key.pem\n");

        var result = config.Load();

        Assert.Null(result.Settings);
        Assert.StartsWith("Tls:CertificatePath = '/nonexistent/cert.pem' is not allowed: the file does not exist", result.Error);
        Assert.DoesNotContain('\n', result.Error!);
    }

    [Fact]
    public void Key_without_a_certificate_is_refused()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load("--Tls:KeyPath=certs/key.pem");

        Assert.Equal("Tls:KeyPath = 'certs/key.pem' is not allowed: empty unless Tls:CertificatePath is set too (the key belongs to that certificate).", result.Error);
    }

    [Fact]
    public void Password_without_a_certificate_is_refused_without_repeating_it()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load("--Tls:CertificatePassword=hunter2-secret");

        Assert.Equal("Tls:CertificatePassword = (hidden) is not allowed: empty unless Tls:CertificatePath is set too (it opens that PFX or key).", result.Error);
    }

    [Fact]
    public void Certificate_expiring_soon_is_a_warning_and_the_app_still_starts()
    {
        using var files = TestCertificate.Create(DateTimeOffset.UtcNow - EspWs.App.Tls.SelfSignedCertificate.Lifetime + TimeSpan.FromDays(10));
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load($"--Tls:CertificatePath={files.CertificatePath}", $"--Tls:KeyPath={files.KeyPath}");

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains(result.Warnings, w => w.Contains("the certificate expires on", StringComparison.Ordinal) && w.Contains("in 10 days", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.0", true)]
    [InlineData("192.168.1.20", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    public void Token_on_a_plain_listener_off_loopback_is_warned_about(string bindAddress, bool warned)
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load($"--Server:BindAddress={bindAddress}", "--Security:Token=a-token-of-enough-length");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(warned, result.Warnings.Any(w => w.Contains("the token crosses the network in clear text", StringComparison.Ordinal)));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("a-token-of-enough-length", StringComparison.Ordinal));
    }

    [Fact]
    public void Token_over_tls_is_not_warned_about()
    {
        using var files = TestCertificate.Create();
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load("--Security:Token=a-token-of-enough-length", $"--Tls:CertificatePath={files.CertificatePath}", $"--Tls:KeyPath={files.KeyPath}");

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Warnings);
    }
}
