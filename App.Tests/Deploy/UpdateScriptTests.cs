using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Deploy;

/// <summary>deploy/update.sh against a local install prefix, with a restart command in place of systemd.</summary>
public sealed class UpdateScriptTests : IDisposable
{
    // How long a restarted build has to answer: a build that runs but never answers is waited out, then the working
    // one gets as long again to restart (the JIT-compiled app, on a machine that may be busy).
    private const int RollbackTimeoutSeconds = 15;
    private const int WorkingBuildTimeoutSeconds = 60;
    private readonly TestCertificate _certificate = TestCertificate.Create();

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task Good_update_switches_current_to_the_new_build_keeps_the_settings_and_runs_it()
    {
        await using var install = new LocalInstall();
        string first = await InstallWorkingBuildAsync(install);

        // The new build ships settings with another port: only the device's own settings, carried over, reach the check.
        (int code, string output) = await install.UpdateAsync(install.WorkingBuild(port: 0), WorkingBuildTimeoutSeconds, install.Url);

        Assert.True(code == 0, output + install.Log);
        Assert.NotEqual(first, install.Current);
        Assert.Equal(Path.Combine(install.Prefix, install.Current!), install.RunningFrom);
        Assert.True(await install.AnswersAsync(), install.Log);
        Assert.True(File.Exists(Path.Combine(install.Prefix, install.Current!, "app.config.yaml.dist")));
        Assert.True(Directory.Exists(Path.Combine(install.Prefix, first)), "the previous build is kept beside the new one");
    }

    [Fact]
    public async Task Update_to_a_build_that_exits_at_once_is_rolled_back_without_waiting_out_the_timeout()
    {
        await using var install = new LocalInstall();
        string working = await InstallWorkingBuildAsync(install);

        var elapsed = Stopwatch.StartNew();
        (int code, string output) = await install.UpdateAsync(install.BrokenBuild(), WorkingBuildTimeoutSeconds, install.Url);
        elapsed.Stop();

        Assert.True(code == 1, output + install.Log);
        Assert.Contains("the app exited before it answered", output, StringComparison.Ordinal);
        Assert.Contains("rolled back", output, StringComparison.Ordinal);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(WorkingBuildTimeoutSeconds), $"took {elapsed.Elapsed}:\n{output}");
        Assert.Equal(working, install.Current);
        Assert.Equal(Path.Combine(install.Prefix, working), install.RunningFrom);
        Assert.True(await install.AnswersAsync(), install.Log);
        Assert.Single(Directory.GetDirectories(Path.Combine(install.Prefix, "releases"), "*.failed"));
    }

    [Fact]
    public async Task Good_update_of_a_tls_device_is_checked_over_https_pinned_to_its_own_certificate_and_stays()
    {
        await using var install = new LocalInstall();
        string first = await InstallWorkingBuildAsync(install, _certificate);

        (int code, string output) = await install.UpdateAsync(install.WorkingBuild(install.Port, _certificate), WorkingBuildTimeoutSeconds);

        Assert.True(code == 0, output + install.Log);
        Assert.Contains($"answers at https://127.0.0.1:{install.Port}: updated", output, StringComparison.Ordinal);
        Assert.NotEqual(first, install.Current);
        Assert.Equal(Path.Combine(install.Prefix, install.Current!), install.RunningFrom);
        Assert.StartsWith("HTTP/1.1 200 ", await HealthOverTlsAsync(install.Port), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_of_a_tls_device_to_a_build_serving_another_certificate_is_rolled_back()
    {
        await using var install = new LocalInstall();
        string working = await InstallWorkingBuildAsync(install, _certificate);
        using var stranger = TestCertificate.Create();

        // It runs and answers /healthz, but not as the device: curl -k would take it, a pinned check does not.
        string impostor = install.WorkingBuild(install.Port, _certificate,
            $"--Tls:CertificatePath={stranger.CertificatePath}", $"--Tls:KeyPath={stranger.KeyPath}");
        (int code, string output) = await install.UpdateAsync(impostor, RollbackTimeoutSeconds);

        Assert.True(code == 1, output + install.Log);
        Assert.Contains($"no answer from https://127.0.0.1:{install.Port} within {RollbackTimeoutSeconds} s", output, StringComparison.Ordinal);
        Assert.Contains("rolled back", output, StringComparison.Ordinal);
        Assert.Equal(working, install.Current);
        Assert.Equal(Path.Combine(install.Prefix, working), install.RunningFrom);
        Assert.StartsWith("HTTP/1.1 200 ", await HealthOverTlsAsync(install.Port), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_the_app_is_refused_with_exit_2_and_the_reason()
    {
        await using var install = new LocalInstall();
        string empty = Directory.CreateTempSubdirectory("espws-not-a-build-").FullName;
        try
        {
            (int code, string output) = await install.UpdateAsync(empty, RollbackTimeoutSeconds, install.Url);

            Assert.Equal(2, code);
            Assert.Contains("has no EspWs.App", output, StringComparison.Ordinal);
            Assert.Null(install.Current);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    // The first install: a working build on the install's port, after which `current` names its release.
    private static async Task<string> InstallWorkingBuildAsync(LocalInstall install, TestCertificate? tls = null)
    {
        (int code, string output) = await install.UpdateAsync(install.WorkingBuild(install.Port, tls), WorkingBuildTimeoutSeconds,
            tls is null ? install.Url : null);
        Assert.True(code == 0, output + install.Log);
        return Assert.IsType<string>(install.Current);
    }

    // The status line of GET /healthz over TLS, accepting only the test's certificate.
    private async Task<string> HealthOverTlsAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, TestTimeout.Token());
        await using var tls = new SslStream(client.GetStream(), false, _certificate.Pinned);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, TestTimeout.Token());
        await tls.WriteAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray(), TestTimeout.Token());
        using var reader = new StreamReader(tls, Encoding.ASCII);
        return await reader.ReadLineAsync(TestTimeout.Token()) ?? "";
    }
}
