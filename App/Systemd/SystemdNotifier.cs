using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EspWs.App.Systemd;

/// <summary>
/// Tells systemd how the service is doing (READY=1, WATCHDOG=1, STOPPING=1, STATUS=...) over the sd_notify protocol:
/// one datagram to the unix socket named by <c>NOTIFY_SOCKET</c>.
/// </summary>
/// <remarks>
/// A few lines of our own rather than Microsoft.Extensions.Hosting.Systemd, whose notifier assumes the generic host's
/// lifetime, which this Meadow-style app does not use. Sending never blocks: a datagram socket drops or fails at once.
/// </remarks>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _target;

    private SystemdNotifier(string socketPath, TimeSpan? watchdogInterval)
    {
        // systemd names an abstract socket with a leading '@'; the kernel wants a leading NUL.
        _target = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
        WatchdogInterval = watchdogInterval;
    }

    /// <summary>
    /// How often to send WATCHDOG=1: half of <c>WATCHDOG_USEC</c>, as sd_watchdog_enabled(3) advises; null when systemd
    /// runs no watchdog for this process.
    /// </summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>Returns a notifier for the service manager named in <paramref name="environment"/>, or null when the app does not run under one.</summary>
    public static SystemdNotifier? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? socket = environment("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(socket) || (socket[0] != '/' && socket[0] != '@'))
        {
            return null;
        }

        TimeSpan? watchdog = null;
        string? pid = environment("WATCHDOG_PID");
        bool forUs = string.IsNullOrEmpty(pid) || pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (forUs && long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out long usec) && usec > 0)
        {
            watchdog = TimeSpan.FromMicroseconds(usec / 2.0);
        }

        return new SystemdNotifier(socket, watchdog);
    }

    /// <summary>Sends <paramref name="state"/> (newline-separated assignments such as <c>READY=1</c>); false when it could not be sent.</summary>
    public bool Notify(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _target);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();
}
