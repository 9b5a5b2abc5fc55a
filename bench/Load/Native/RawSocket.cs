using System.Net;
using System.Runtime.InteropServices;

namespace EspWs.Bench.Load.Native;

/// <summary>Non-blocking TCP sockets as plain descriptors: open, connect, send and receive without the .NET socket layer.</summary>
internal static class RawSocket
{
    /// <summary>Returned by <see cref="Send"/> and <see cref="Receive"/> when the call would block.</summary>
    public const int WouldBlock = -1;

    /// <summary>Returned by <see cref="Send"/> and <see cref="Receive"/> when the connection failed; the errno is in the out parameter.</summary>
    public const int Failed = -2;

    /// <summary>Opens a non-blocking socket with TCP_NODELAY and starts connecting it to <paramref name="server"/>.</summary>
    public static int StartConnect(IPEndPoint server)
    {
        int fd = Libc.Socket(Libc.AfInet, Libc.SockStreamNonBlocking, 0);
        if (fd < 0)
        {
            throw Failure("socket");
        }

        int one = 1;
        Libc.SetSocketOption(fd, Libc.IpProtoTcp, Libc.TcpNoDelay, in one, sizeof(int));
        var address = new SocketAddressIn(server);
        if (Libc.Connect(fd, in address, SocketAddressIn.Size) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Libc.EInProgress)
            {
                Libc.Close(fd);
                throw Failure("connect", errno);
            }
        }

        return fd;
    }

    /// <summary>Opens a non-blocking listener on <paramref name="endPoint"/>.</summary>
    public static int Listen(IPEndPoint endPoint, int backlog)
    {
        int fd = Libc.Socket(Libc.AfInet, Libc.SockStreamNonBlocking, 0);
        if (fd < 0)
        {
            throw Failure("socket");
        }

        int one = 1;
        Libc.SetSocketOption(fd, Libc.SolSocket, Libc.SoReuseAddr, in one, sizeof(int));
        var address = new SocketAddressIn(endPoint);
        if (Libc.Bind(fd, in address, SocketAddressIn.Size) < 0 || Libc.Listen(fd, backlog) < 0)
        {
            throw Failure($"listen on {endPoint}");
        }

        return fd;
    }

    /// <summary>The error a non-blocking connect ended with: 0 when it connected.</summary>
    public static int ConnectError(int fd)
    {
        int length = sizeof(int);
        return Libc.GetSocketOption(fd, Libc.SolSocket, Libc.SoError, out int error, ref length) < 0
            ? Marshal.GetLastPInvokeError()
            : error;
    }

    /// <summary>Sends what the kernel takes of <paramref name="bytes"/>: the count, <see cref="WouldBlock"/> or <see cref="Failed"/>.</summary>
    public static int Send(int fd, ReadOnlySpan<byte> bytes, out int errno)
    {
        nint n = Libc.Send(fd, ref MemoryMarshal.GetReference(bytes), bytes.Length, Libc.MsgNoSignal);
        return Result(n, out errno);
    }

    /// <summary>Receives into <paramref name="buffer"/>: the count (0 when the peer closed), <see cref="WouldBlock"/> or <see cref="Failed"/>.</summary>
    public static int Receive(int fd, Span<byte> buffer, out int errno)
    {
        nint n = Libc.Receive(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length, 0);
        return Result(n, out errno);
    }

    /// <summary>An exception naming the call and the errno it failed with.</summary>
    public static IOException Failure(string call, int? errno = null)
    {
        int code = errno ?? Marshal.GetLastPInvokeError();
        return new IOException($"{call} failed: {Marshal.GetPInvokeErrorMessage(code)} (errno {code}).");
    }

    private static int Result(nint n, out int errno)
    {
        errno = 0;
        if (n >= 0)
        {
            return (int)n;
        }

        errno = Marshal.GetLastPInvokeError();
        return errno == Libc.EAgain ? WouldBlock : Failed;
    }
}
