using EspWs.Hardware.Boards.LinuxGpio;

namespace EspWs.App.Tests.Boards.LinuxGpio;

/// <summary>Runs the joiner against a stand-in nmcli script, so the arguments, errors and process handling are real.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NmcliWiFiJoinerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("espws-nmcli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Join_passes_ssid_password_and_interface_as_separate_arguments()
    {
        string log = Path.Combine(_folder, "args.txt");
        NmcliWiFiJoiner joiner = Script($"printf '%s\\n' \"$@\" > '{log}'");

        await joiner.JoinAsync("wlan0", "My Lab; rm -rf /", "pa ss", TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(["--wait", "10", "device", "wifi", "connect", "My Lab; rm -rf /", "password", "pa ss", "ifname", "wlan0"],
            await File.ReadAllLinesAsync(log));
    }

    [Fact]
    public async Task A_refusal_is_an_IOException_with_nmclis_own_message()
    {
        NmcliWiFiJoiner joiner = Script("echo 'Error: No network with SSID \"Nowhere\" found.' >&2; exit 10");

        var error = await Assert.ThrowsAsync<IOException>(
            () => joiner.JoinAsync("wlan0", "Nowhere", "", TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Contains("No network with SSID \"Nowhere\" found", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hung_nmcli_is_killed_when_the_call_is_cancelled()
    {
        NmcliWiFiJoiner joiner = Script("sleep 60");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => joiner.LeaveAsync("wlan0", cancel.Token));
    }

    private NmcliWiFiJoiner Script(string body)
    {
        string path = Path.Combine(_folder, "nmcli");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new NmcliWiFiJoiner(path);
    }
}
