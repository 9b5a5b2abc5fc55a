using EspWs.App.Tests.Support;
using EspWs.App.Tls;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Tls;

public class ServerCertificateStoreTests
{
    [Fact]
    public void Reload_after_renewal_gives_new_connections_the_new_certificate()
    {
        using var files = TestCertificate.Create();
        var loggers = new CapturingLoggerFactory();
        ServerCertificateStore store = NewStore(files, loggers);
        using var renewed = TestCertificate.Make(DateTimeOffset.UtcNow);
        TestCertificate.WriteFiles(renewed, files.CertificatePath, files.KeyPath);

        bool changed = store.Reload("test");

        Assert.True(changed);
        Assert.Equal(ServerCertificate.FormatFingerprint(renewed), store.Current.Fingerprint);
        Assert.Contains(loggers.Lines, l => l.Level == LogLevel.Information && l.Message.Contains("TLS certificate reloaded (test)", StringComparison.Ordinal));
    }

    [Fact]
    public void Renewal_that_fails_to_load_keeps_the_certificate_in_use_and_says_why()
    {
        using var files = TestCertificate.Create();
        var loggers = new CapturingLoggerFactory();
        ServerCertificateStore store = NewStore(files, loggers);
        string before = store.Current.Fingerprint;
        using var other = TestCertificate.Create();
        File.Copy(other.KeyPath, files.KeyPath, overwrite: true);

        bool changed = store.Reload("test");

        Assert.False(changed);
        Assert.Equal(before, store.Current.Fingerprint);
        Assert.Contains(loggers.Lines, l => l.Level == LogLevel.Warning
            && l.Message.Contains($"the one in use ({before}) stays", StringComparison.Ordinal)
            && l.Message.Contains("the key does not match the certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replacing_the_files_reloads_them_by_itself()
    {
        using var files = TestCertificate.Create();
        var loggers = new CapturingLoggerFactory();
        ServerCertificateStore store = NewStore(files, loggers);
        using var watcher = new CertificateFileWatcher(store, reloadOnHangup: false, loggers.CreateLogger("test"), TimeProvider.System);
        using var renewed = TestCertificate.Make(DateTimeOffset.UtcNow);
        string fingerprint = ServerCertificate.FormatFingerprint(renewed);

        // As a renewal tool does: new files written beside, then moved over the old ones.
        string staging = Path.Combine(files.Folder, "staging");
        Directory.CreateDirectory(staging);
        TestCertificate.WriteFiles(renewed, Path.Combine(staging, "cert.pem"), Path.Combine(staging, "key.pem"));
        File.Move(Path.Combine(staging, "key.pem"), files.KeyPath, overwrite: true);
        File.Move(Path.Combine(staging, "cert.pem"), files.CertificatePath, overwrite: true);

        Assert.True(await TestTimeout.Until(() => store.Current.Fingerprint == fingerprint), "the renewed files were not picked up");
        Assert.DoesNotContain(loggers.Lines, l => l.Level >= LogLevel.Warning);
    }

    private static ServerCertificateStore NewStore(TestCertificate files, CapturingLoggerFactory loggers)
    {
        CertificateLoadResult initial = ServerCertificateStore.Load(files.Settings, TimeProvider.System);
        Assert.True(initial.Succeeded, initial.Error);
        return new ServerCertificateStore(files.Settings, initial.Certificate, loggers.CreateLogger("test"), TimeProvider.System);
    }
}
