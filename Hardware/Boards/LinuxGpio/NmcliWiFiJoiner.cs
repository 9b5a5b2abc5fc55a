using System.Diagnostics;
using System.Globalization;

namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>Joins and leaves Wi-Fi networks through NetworkManager's <c>nmcli</c>, each call bounded by a timeout.</summary>
/// <remarks>nmcli takes the password as an argument, so local users can see it in the process list while nmcli runs.</remarks>
public sealed class NmcliWiFiJoiner : IWiFiJoiner
{
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(10);
    private readonly string _path;

    /// <summary>A joiner that runs the program at <paramref name="path"/> as nmcli.</summary>
    internal NmcliWiFiJoiner(string path)
    {
        _path = path;
    }

    /// <summary>The joiner, when <c>nmcli</c> is on the PATH; otherwise <see langword="null"/>.</summary>
    public static NmcliWiFiJoiner? TryFind()
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string? path = folders.Select(folder => Path.Combine(folder, "nmcli")).FirstOrDefault(File.Exists);
        return path is null ? null : new NmcliWiFiJoiner(path);
    }

    /// <inheritdoc/>
    public Task JoinAsync(string interfaceName, string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        int seconds = timeout == Timeout.InfiniteTimeSpan ? 0 : Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        List<string> arguments = ["--wait", seconds.ToString(CultureInfo.InvariantCulture), "device", "wifi", "connect", ssid];
        if (password.Length > 0)
        {
            arguments.AddRange(["password", password]);
        }

        arguments.AddRange(["ifname", interfaceName]);
        // nmcli's own --wait ends the attempt; ours is a backstop a little later, in case nmcli itself hangs.
        TimeSpan backstop = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout + TimeSpan.FromSeconds(5);
        return RunAsync(arguments, backstop, $"joining '{ssid}' on {interfaceName}", cancellationToken);
    }

    /// <inheritdoc/>
    public Task LeaveAsync(string interfaceName, CancellationToken cancellationToken) =>
        RunAsync(["device", "disconnect", interfaceName], LeaveTimeout, $"leaving the network on {interfaceName}", cancellationToken);

    private async Task RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new IOException($"nmcli could not be started for {what}.");
        using var timeoutSource = new CancellationTokenSource(timeout);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        Task<string> errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(both.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"nmcli did not finish {what} within {timeout}.");
            }

            throw;
        }

        if (process.ExitCode != 0)
        {
            string message = (await errors).Trim();
            message = message.Length > 0 ? message : (await output).Trim();
            throw new IOException($"nmcli failed {what} (exit {process.ExitCode}): {FirstLine(message)}");
        }
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
