using System.Runtime.InteropServices;

namespace EspWs.Bench.Load.Native;

/// <summary>The few libc calls the load tool's event loop is made of, with the Linux x86-64 constants they take.</summary>
internal static partial class Libc
{
    /// <summary>IPv4.</summary>
    public const int AfInet = 2;

    /// <summary>A TCP stream socket, non-blocking and closed on exec.</summary>
    public const int SockStreamNonBlocking = 1 | 0x800 | 0x80000;

    /// <summary>The TCP protocol level for <see cref="SetSocketOption"/>.</summary>
    public const int IpProtoTcp = 6;

    /// <summary>Disable Nagle's algorithm.</summary>
    public const int TcpNoDelay = 1;

    /// <summary>The socket level for <see cref="GetSocketOption"/>.</summary>
    public const int SolSocket = 1;

    /// <summary>Allow a listener to rebind a port in TIME_WAIT.</summary>
    public const int SoReuseAddr = 2;

    /// <summary>The pending error of a non-blocking connect.</summary>
    public const int SoError = 4;

    /// <summary>Readable.</summary>
    public const uint EpollIn = 0x001;

    /// <summary>Writable.</summary>
    public const uint EpollOut = 0x004;

    /// <summary>An error on the socket.</summary>
    public const uint EpollErr = 0x008;

    /// <summary>The peer hung up.</summary>
    public const uint EpollHup = 0x010;

    /// <summary>epoll_ctl: add a descriptor.</summary>
    public const int EpollCtlAdd = 1;

    /// <summary>epoll_ctl: remove a descriptor.</summary>
    public const int EpollCtlDel = 2;

    /// <summary>epoll_ctl: change what a descriptor is watched for.</summary>
    public const int EpollCtlMod = 3;

    /// <summary>The call was interrupted by a signal.</summary>
    public const int EIntr = 4;

    /// <summary>The call would block.</summary>
    public const int EAgain = 11;

    /// <summary>A non-blocking connect is under way.</summary>
    public const int EInProgress = 115;

    /// <summary>send: no SIGPIPE when the peer has gone.</summary>
    public const int MsgNoSignal = 0x4000;

    /// <summary>socket(2).</summary>
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    /// <summary>connect(2) to an IPv4 address.</summary>
    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    public static partial int Connect(int fd, in SocketAddressIn address, int length);

    /// <summary>bind(2) to an IPv4 address.</summary>
    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, in SocketAddressIn address, int length);

    /// <summary>listen(2).</summary>
    [LibraryImport("libc", EntryPoint = "listen", SetLastError = true)]
    public static partial int Listen(int fd, int backlog);

    /// <summary>accept4(2), the accepted socket non-blocking.</summary>
    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept(int fd, nint address, nint length, int flags);

    /// <summary>setsockopt(2) with an int value.</summary>
    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, in int value, int length);

    /// <summary>getsockopt(2) with an int value.</summary>
    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSocketOption(int fd, int level, int name, out int value, ref int length);

    /// <summary>close(2).</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>recv(2).</summary>
    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, ref byte buffer, nint length, int flags);

    /// <summary>send(2).</summary>
    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, ref byte buffer, nint length, int flags);

    /// <summary>epoll_create1(2).</summary>
    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    /// <summary>epoll_ctl(2).</summary>
    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epoll, int operation, int fd, in EpollEvent watched);

    /// <summary>epoll_wait(2).</summary>
    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, ref EpollEvent events, int maxEvents, int timeoutMs);
}
