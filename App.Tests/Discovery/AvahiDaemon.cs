namespace EspWs.App.Tests.Discovery;

/// <summary>
/// Debian's avahi-daemon inside a namespace, with a system bus of its own (dbus-daemon on a socket in a temporary
/// folder): what a Raspberry Pi OS device runs. Programs reach it through <see cref="Environment"/>.
/// </summary>
public sealed class AvahiDaemon : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly DirectoryInfo _folder;
    private readonly NamespacedProcess _bus;
    private readonly NamespacedProcess _avahi;

    private AvahiDaemon(DirectoryInfo folder, NamespacedProcess bus, NamespacedProcess avahi)
    {
        _folder = folder;
        _bus = bus;
        _avahi = avahi;
    }

    /// <summary>The environment that points a program at this bus.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress };

    public string Log => _avahi.Output;

    private string BusAddress => $"unix:path={Path.Combine(_folder.FullName, "bus")}";

    /// <summary>Starts the bus and the daemon in <paramref name="netns"/> on <paramref name="nic"/>, and waits until Avahi is up.</summary>
    public static async Task<AvahiDaemon> StartAsync(string netns, string nic, string hostName)
    {
        DirectoryInfo folder = Directory.CreateTempSubdirectory("espws-avahi-");
        string bus = Path.Combine(folder.FullName, "bus");
        // The bus lets everyone do everything: it exists only for this test.
        File.WriteAllText(Path.Combine(folder.FullName, "bus.conf"), $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>unix:path={bus}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/>
                <allow own="*"/>
                <allow send_type="method_call"/>
                <allow send_type="signal"/>
                <allow send_type="method_return"/>
                <allow send_type="error"/>
                <allow receive_type="method_call"/>
                <allow receive_type="signal"/>
                <allow receive_type="method_return"/>
                <allow receive_type="error"/>
              </policy>
            </busconfig>
            """);
        File.WriteAllText(Path.Combine(folder.FullName, "avahi.conf"), $"""
            [server]
            host-name={hostName}
            use-ipv4=yes
            use-ipv6=no
            allow-interfaces={nic}
            enable-dbus=yes
            [wide-area]
            enable-wide-area=no
            [publish]
            publish-hinfo=no
            publish-workstation=no
            """);
        NamespacedProcess busProcess = NamespacedProcess.Start(netns, "dbus-daemon", ["--config-file=" + Path.Combine(folder.FullName, "bus.conf"), "--nofork", "--print-address"]);
        await busProcess.WaitForLineAsync("unix:path=", StartTimeout);
        var environment = new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = $"unix:path={bus}" };
        NamespacedProcess avahi = NamespacedProcess.Start(netns, "avahi-daemon",
            ["--no-drop-root", "--no-chroot", "--no-rlimits", "-f", Path.Combine(folder.FullName, "avahi.conf")], environment);
        var daemon = new AvahiDaemon(folder, busProcess, avahi);
        try
        {
            await avahi.WaitForLineAsync("Server startup complete", StartTimeout);
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        await _avahi.TerminateAsync();
        await _bus.TerminateAsync();
        _folder.Delete(recursive: true);
    }
}
