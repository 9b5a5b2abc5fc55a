namespace EspWs.App.Tests.Deploy;

/// <summary>deploy/publish.sh's refusals, which come before any package is installed or anything is built.</summary>
public class PublishScriptTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_runtime_other_than_linux_x64_or_linux_arm64_is_refused_with_exit_2_naming_the_supported_ones()
    {
        (int code, string output) = await DeployScript.RunAsync("publish.sh", ScriptTimeout, "linux-arm", "out");

        Assert.Equal(2, code);
        Assert.Contains("RID 'linux-arm' is not supported: use linux-x64 or linux-arm64", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_output_folder_is_refused_with_exit_2_and_the_usage()
    {
        (int code, string output) = await DeployScript.RunAsync("publish.sh", ScriptTimeout, "linux-x64");

        Assert.Equal(2, code);
        Assert.Contains("usage: deploy/publish.sh RID OUTDIR", output, StringComparison.Ordinal);
    }
}
