namespace EspWs.App.Tests.Deploy;

/// <summary>deploy/update.sh against a local install prefix, with a restart command in place of systemd.</summary>
public class UpdateScriptTests
{
    // How long a restarted build has to answer. The rollback run waits it out for the broken build, then gives the
    // working one as long again to restart (the JIT-compiled app, on a machine that may be busy).
    private const int RollbackTimeoutSeconds = 15;
    private const int WorkingBuildTimeoutSeconds = 60;

    [Fact]
    public async Task Good_update_switches_current_to_the_new_build_keeps_the_settings_and_runs_it()
    {
        await using var install = new LocalInstall();
        string first = await InstallWorkingBuildAsync(install);

        // The new build ships settings with another port: only the device's own settings, carried over, reach the check.
        (int code, string output) = await install.UpdateAsync(install.WorkingBuild(port: 0), WorkingBuildTimeoutSeconds);

        Assert.True(code == 0, output + install.Log);
        Assert.NotEqual(first, install.Current);
        Assert.Equal(Path.Combine(install.Prefix, install.Current!), install.RunningFrom);
        Assert.True(await install.AnswersAsync(), install.Log);
        Assert.True(File.Exists(Path.Combine(install.Prefix, install.Current!, "app.config.yaml.dist")));
        Assert.True(Directory.Exists(Path.Combine(install.Prefix, first)), "the previous build is kept beside the new one");
    }

    [Fact]
    public async Task Update_to_a_build_that_exits_at_once_is_rolled_back_and_the_previous_build_runs_again()
    {
        await using var install = new LocalInstall();
        string working = await InstallWorkingBuildAsync(install);

        (int code, string output) = await install.UpdateAsync(install.BrokenBuild(), RollbackTimeoutSeconds);

        Assert.True(code == 1, output + install.Log);
        Assert.Contains("rolled back", output, StringComparison.Ordinal);
        Assert.Equal(working, install.Current);
        Assert.Equal(Path.Combine(install.Prefix, working), install.RunningFrom);
        Assert.True(await install.AnswersAsync(), install.Log);
        Assert.Single(Directory.GetDirectories(Path.Combine(install.Prefix, "releases"), "*.failed"));
    }

    [Fact]
    public async Task A_folder_without_the_app_is_refused_with_exit_2_and_the_reason()
    {
        await using var install = new LocalInstall();
        string empty = Directory.CreateTempSubdirectory("espws-not-a-build-").FullName;
        try
        {
            (int code, string output) = await install.UpdateAsync(empty, RollbackTimeoutSeconds);

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
    private static async Task<string> InstallWorkingBuildAsync(LocalInstall install)
    {
        (int code, string output) = await install.UpdateAsync(install.WorkingBuild(install.Port), WorkingBuildTimeoutSeconds);
        Assert.True(code == 0, output + install.Log);
        return Assert.IsType<string>(install.Current);
    }
}
