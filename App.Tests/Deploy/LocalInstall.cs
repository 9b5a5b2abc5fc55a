using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Deploy;

/// <summary>
/// An install prefix in a temporary folder that deploy/update.sh manages as it would /opt/espws, with a restart command
/// standing in for systemd (it stops the app its pid file names and starts <c>current/EspWs.App</c>), and builds to give it:
/// working ones that run the real app on a free loopback port, and a broken one that exits at once.
/// </summary>
internal sealed class LocalInstall : IAsyncDisposable
{
    private readonly string _root;
    private int _builds;

    public LocalInstall()
    {
        _root = Directory.CreateTempSubdirectory("espws-deploy-").FullName;
        Prefix = Path.Combine(_root, "opt-espws");
        Port = FreePort();
        RestartScript = Path.Combine(_root, "restart.sh");
        WriteExecutable(RestartScript, $$"""
            #!/usr/bin/env bash
            # Stands in for `systemctl restart espws`: stops the app, then starts the build `current` names.
            prefix='{{Prefix}}'
            if [ -f "$prefix/app.pid" ]; then
              pid=$(cat "$prefix/app.pid")
              kill "$pid" 2>/dev/null
              for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            fi
            cd "$prefix/current" || exit 1
            ./EspWs.App >>"$prefix/app.log" 2>&1 </dev/null &
            echo $! >"$prefix/app.pid"
            """);
    }

    public string Prefix { get; }

    public int Port { get; }

    public string RestartScript { get; }

    /// <summary>The plain URL the app answers at, given to update.sh as --url.</summary>
    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The release folder <c>current</c> names, e.g. <c>releases/20261203T150000Z</c>.</summary>
    public string? Current =>
        new FileInfo(Path.Combine(Prefix, "current")).LinkTarget;

    /// <summary>The real folder the running app was started in, or null when none runs.</summary>
    public string? RunningFrom
    {
        get
        {
            int? pid = RunningPid();
            return pid is null ? null : new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
    }

    public string Log => File.Exists(Path.Combine(Prefix, "app.log")) ? File.ReadAllText(Path.Combine(Prefix, "app.log")) : "";

    /// <summary>
    /// A build of the real app (the framework-dependent one beside the tests) whose settings name <paramref name="port"/>
    /// and, when given, <paramref name="tls"/>'s certificate; <paramref name="args"/> go to the app after its settings file.
    /// </summary>
    public string WorkingBuild(int port, TestCertificate? tls = null, params string[] args)
    {
        string build = NewBuildFolder();
        string app = Path.Combine(AppContext.BaseDirectory, "EspWs.App.dll");
        string extra = string.Concat(args.Select(a => $" '{a}'"));
        WriteExecutable(Path.Combine(build, "EspWs.App"), $"""
            #!/bin/sh
            exec dotnet '{app}' --config "$(cd "$(dirname "$0")" && pwd)/app.config.yaml"{extra} "$@"
            """);
        string tlsSection = tls is null ? "" : $"""
            Tls:
              CertificatePath: "{tls.CertificatePath}"
              KeyPath: {tls.KeyPath}  # a comment, as a user may write one
            """;
        File.WriteAllText(Path.Combine(build, "app.config.yaml"), $"""
            Board:
              Simulated:
                WiFiJoinDelay: 0
            Server:
              BindAddress: 127.0.0.1
              Port: {port.ToString(CultureInfo.InvariantCulture)}
            {tlsSection}
            """.ReplaceLineEndings("\n"));
        return build;
    }

    /// <summary>A build whose executable exits at once with 1, as a binary for the wrong machine or a broken one would.</summary>
    public string BrokenBuild()
    {
        string build = NewBuildFolder();
        WriteExecutable(Path.Combine(build, "EspWs.App"), "#!/bin/sh\nexit 1\n");
        File.WriteAllText(Path.Combine(build, "app.config.yaml"), "Board:\n  Name: simulated\n");
        return build;
    }

    /// <summary>
    /// Runs deploy/update.sh on <paramref name="build"/> against this prefix; returns its exit code and output. Without
    /// <paramref name="url"/> the script finds where the app answers in its settings, as it does on a device.
    /// </summary>
    public Task<(int ExitCode, string Output)> UpdateAsync(string build, int timeoutSeconds, string? url = null) =>
        // The script's own waits are bounded by timeoutSeconds, twice (the new build, then the old one).
        DeployScript.RunAsync("update.sh", TimeSpan.FromSeconds(2 * timeoutSeconds + 60),
            [
                "--prefix", Prefix, "--restart", RestartScript, "--main-pid", $"cat '{Prefix}/app.pid'",
                "--env-file", Path.Combine(_root, "env"), .. url is null ? Array.Empty<string>() : ["--url", url],
                "--timeout", timeoutSeconds.ToString(CultureInfo.InvariantCulture), build,
            ]);

    /// <summary>True once GET /status on the install's port answers 200.</summary>
    public async Task<bool> AnswersAsync()
    {
        try
        {
            HttpExchange response = await HttpExchange.SendAsync(new IPEndPoint(IPAddress.Loopback, Port), HttpExchange.Request("GET", "/status"));
            return response.Status == 200;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (RunningPid() is int pid)
        {
            using Process app = Process.GetProcessById(pid);
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync(TestTimeout.Token());
        }

        Directory.Delete(_root, recursive: true);
    }

    private int? RunningPid()
    {
        string pidFile = Path.Combine(Prefix, "app.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out int pid))
        {
            return null;
        }

        return Directory.Exists($"/proc/{pid}") ? pid : null;
    }

    private string NewBuildFolder()
    {
        _builds++;
        return Directory.CreateDirectory(Path.Combine(_root, $"build-{_builds}")).FullName;
    }

    private static void WriteExecutable(string path, string script)
    {
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        // update.sh is a Linux script; the guard only tells the analyzer so.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("deploy/update.sh runs on Linux.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
