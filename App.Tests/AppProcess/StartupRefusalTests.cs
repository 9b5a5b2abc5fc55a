using System.Net;
using System.Net.Sockets;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.AppProcess;

/// <summary>The real app asked for help or its version, or told to listen where it cannot: one answer, an exit code, no server.</summary>
public sealed class StartupRefusalTests
{
    [Fact]
    public async Task Help_prints_the_usage_and_where_settings_are_documented_then_exits_0()
    {
        await using var app = Support.AppProcess.Start("--help", "--Server:Port=0");

        await app.WaitForExitAsync();

        Assert.Equal(0, app.ExitCode);
        Assert.StartsWith("usage: EspWs.App", app.Output, StringComparison.Ordinal);
        Assert.Contains("--generate-certificate DIR", app.Output, StringComparison.Ordinal);
        Assert.Contains("docs/configuration.md", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening on", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warn", app.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Version_prints_the_version_alone_then_exits_0()
    {
        await using var app = Support.AppProcess.Start("--version", "--Server:Port=0");

        await app.WaitForExitAsync();

        Assert.Equal(0, app.ExitCode);
        Assert.Equal($"EspWs {AppVersion.Text}", app.Output.Trim());
    }

    [Fact]
    public async Task Port_in_use_is_one_line_naming_Server_Port_and_exit_2_before_the_wifi_join()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        int port = ((IPEndPoint)other.LocalEndpoint).Port;

        // A join that would take 20 s: the refusal comes first.
        await using var app = Support.AppProcess.Start("--Server:BindAddress=127.0.0.1", $"--Server:Port={port}",
            "--Board:Simulated:WiFiJoinDelay=00:00:20");
        await app.WaitForExitAsync();

        Assert.Equal(2, app.ExitCode);
        Assert.Equal($"espws: Server:Port = {port} is already in use on 127.0.0.1 (Server:BindAddress): stop the program that listens there, or choose another Server:Port.",
            Assert.Single(app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Bind_address_the_machine_lacks_is_one_line_naming_Server_BindAddress_and_exit_2()
    {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of a real machine. Only bound here, nothing is sent.
        await using var app = Support.AppProcess.Start("--Server:BindAddress=192.0.2.1", "--Server:Port=0");
        await app.WaitForExitAsync();

        Assert.Equal(2, app.ExitCode);
        Assert.Equal("espws: Server:BindAddress = 192.0.2.1 is not an address of this machine: use one of its addresses, or 0.0.0.0 for all of them.",
            Assert.Single(app.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
