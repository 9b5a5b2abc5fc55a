using System.Runtime.InteropServices;

namespace EspWs.Bench.Load.Native;

/// <summary>One epoll instance: descriptors are registered with a token, and <see cref="Wait"/> yields the ready ones.</summary>
internal sealed class Poller : IDisposable
{
    private readonly int _epoll;
    private readonly EpollEvent[] _ready;

    /// <summary>Creates the epoll instance; <paramref name="batch"/> is the most events one wait returns.</summary>
    public Poller(int batch = 1024)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("bench/Load's event loop calls epoll through libc and runs on Linux x86-64 only.");
        }

        _epoll = Libc.EpollCreate(0x80000);
        if (_epoll < 0)
        {
            throw RawSocket.Failure("epoll_create1");
        }

        _ready = new EpollEvent[batch];
    }

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/>, reporting it with <paramref name="token"/>.</summary>
    public void Add(int fd, uint events, int token) => Control(Libc.EpollCtlAdd, fd, events, token);

    /// <summary>Changes what <paramref name="fd"/> is watched for.</summary>
    public void Modify(int fd, uint events, int token) => Control(Libc.EpollCtlMod, fd, events, token);

    /// <summary>Waits at most <paramref name="timeoutMs"/> for ready descriptors; returns how many of <see cref="Ready"/> are filled.</summary>
    public int Wait(int timeoutMs)
    {
        int count = Libc.EpollWait(_epoll, ref _ready[0], _ready.Length, timeoutMs);
        if (count >= 0)
        {
            return count;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == Libc.EIntr ? 0 : throw RawSocket.Failure("epoll_wait", errno);
    }

    /// <summary>The events the last <see cref="Wait"/> returned.</summary>
    public ReadOnlySpan<EpollEvent> Ready => _ready;

    /// <inheritdoc/>
    public void Dispose() => Libc.Close(_epoll);

    private void Control(int operation, int fd, uint events, int token)
    {
        var watched = new EpollEvent { Events = events, Data = (ulong)token };
        if (Libc.EpollControl(_epoll, operation, fd, in watched) < 0)
        {
            throw RawSocket.Failure("epoll_ctl");
        }
    }
}
