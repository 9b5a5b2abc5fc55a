using System.Diagnostics;
using System.Net;
using System.Text;
using EspWs.Bench.Load.Native;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Engine;

/// <summary>
/// The load tool's client side: many non-blocking connections to one server on one epoll loop and one thread. Each
/// ready socket costs one receive, the frames in it are counted where they lie, and the sends they call for go out
/// together in one send: nothing is allocated and no task is made per message.
/// </summary>
internal sealed class LoadEngine : IDisposable
{
    private const int HeadCapacity = 1024;
    private readonly Poller _poller = new();
    private readonly byte[] _receiveBuffer = new byte[256 * 1024];
    private readonly byte[] _request;
    private IWorkload? _workload;

    /// <summary>An engine for up to <paramref name="capacity"/> connections to <paramref name="server"/>.</summary>
    public LoadEngine(IPEndPoint server, int capacity)
    {
        Server = server;
        Connections = new ClientConnection[capacity];
        for (int i = 0; i < capacity; i++)
        {
            Connections[i] = new ClientConnection(i);
        }

        _request = Encoding.ASCII.GetBytes(
            $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    }

    /// <summary>The server every connection goes to.</summary>
    public IPEndPoint Server { get; }

    /// <summary>Every connection slot, open or not.</summary>
    public ClientConnection[] Connections { get; }

    /// <summary>Starts a non-blocking connect on <paramref name="connection"/>; the workload hears of it when it is open or failed.</summary>
    public void Connect(ClientConnection connection, long now)
    {
        connection.Fd = RawSocket.StartConnect(Server);
        connection.Phase = ConnectionPhase.Connecting;
        connection.ConnectStartedAt = now;
        connection.Head = null;
        connection.HeadLength = 0;
        connection.Scanner = default;
        connection.Out = default;
        connection.WaitsToWrite = false;
        connection.Failure = null;
        _poller.Add(connection.Fd, Libc.EpollOut | Libc.EpollIn, connection.Index);
    }

    /// <summary>Queues <paramref name="units"/> more units of the connection's pattern; <see cref="Flush"/> sends them.</summary>
    public static void Queue(ClientConnection connection, int units) => connection.Out.Owed += (long)units * connection.Out.Unit;

    /// <summary>Sends a few bytes on an open connection whose send buffer is empty, such as a header; fails the connection if they do not go whole.</summary>
    public void SendNow(ClientConnection connection, ReadOnlySpan<byte> bytes)
    {
        if (RawSocket.Send(connection.Fd, bytes, out int errno) != bytes.Length)
        {
            Fail(connection, $"{bytes.Length} bytes could not be sent at once (errno {errno})");
        }
    }

    /// <summary>Sends what the connection owes, as far as the kernel takes it; the rest goes when the socket is writable.</summary>
    public void Flush(ClientConnection connection)
    {
        ref Outgoing output = ref connection.Out;
        while (output.Owed > 0 && connection.Phase == ConnectionPhase.Open)
        {
            int offset = (int)(output.Sent % output.Unit);
            int chunk = (int)Math.Min(output.Owed, output.Pattern.Length - offset);
            int n = RawSocket.Send(connection.Fd, output.Pattern.AsSpan(offset, chunk), out int errno);
            if (n == RawSocket.Failed)
            {
                Fail(connection, $"send failed (errno {errno})");
                return;
            }

            if (n > 0)
            {
                output.Sent += n;
                output.Owed -= n;
            }

            if (n < chunk)
            {
                WatchWritable(connection, true);
                return;
            }
        }

        WatchWritable(connection, false);
    }

    /// <summary>Turns the loop, calling <paramref name="workload"/>, until it is done; throws when <paramref name="timeout"/> passes first.</summary>
    public void Run(IWorkload workload, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _workload = workload;
        try
        {
            Turn(workload, deadline, timeout);
        }
        finally
        {
            _workload = null;
        }
    }

    private void Turn(IWorkload workload, long deadline, TimeSpan timeout)
    {
        while (true)
        {
            int ready = _poller.Wait(timeoutMs: 1);
            long now = Stopwatch.GetTimestamp();
            foreach (EpollEvent ev in _poller.Ready[..ready])
            {
                Handle(workload, Connections[(int)ev.Data], ev.Events, now);
            }

            if (workload.OnTick(this, now))
            {
                return;
            }

            if (now > deadline)
            {
                throw new TimeoutException($"the workload did not finish within {timeout.TotalSeconds:0.#} s");
            }
        }
    }

    /// <summary>Closes every connection (the kernel resets those with unread data).</summary>
    public void CloseAll()
    {
        foreach (ClientConnection connection in Connections)
        {
            if (connection.Fd >= 0)
            {
                Libc.Close(connection.Fd);
                connection.Fd = -1;
                connection.Phase = ConnectionPhase.Idle;
            }
        }
    }

    /// <summary>How many connections are open.</summary>
    public int OpenCount => Connections.Count(c => c.Phase == ConnectionPhase.Open);

    /// <inheritdoc/>
    public void Dispose()
    {
        CloseAll();
        _poller.Dispose();
    }

    private void Handle(IWorkload workload, ClientConnection connection, uint events, long now)
    {
        switch (connection.Phase)
        {
            case ConnectionPhase.Connecting when (events & (Libc.EpollOut | Libc.EpollErr | Libc.EpollHup)) != 0:
                OnConnected(connection);
                break;
            case ConnectionPhase.Handshaking:
                ReadHead(workload, connection, now);
                break;
            case ConnectionPhase.Open:
                if ((events & Libc.EpollOut) != 0)
                {
                    Flush(connection);
                }

                if ((events & (Libc.EpollIn | Libc.EpollErr | Libc.EpollHup)) != 0)
                {
                    ReadFrames(workload, connection, now);
                }

                break;
        }
    }

    private void OnConnected(ClientConnection connection)
    {
        int error = RawSocket.ConnectError(connection.Fd);
        if (error != 0)
        {
            Fail(connection, $"connect failed (errno {error})");
            return;
        }

        // The request is far smaller than an empty socket's send buffer: it goes whole.
        if (RawSocket.Send(connection.Fd, _request, out int errno) != _request.Length)
        {
            Fail(connection, $"the upgrade request could not be sent (errno {errno})");
            return;
        }

        connection.Phase = ConnectionPhase.Handshaking;
        connection.Head = new byte[HeadCapacity];
        _poller.Modify(connection.Fd, Libc.EpollIn, connection.Index);
    }

    private void ReadHead(IWorkload workload, ClientConnection connection, long now)
    {
        byte[] head = connection.Head!;
        int n = RawSocket.Receive(connection.Fd, head.AsSpan(connection.HeadLength), out int errno);
        if (n == RawSocket.WouldBlock)
        {
            return;
        }

        if (n <= 0)
        {
            Fail(connection, n == 0 ? "the server closed the connection during the handshake" : $"receive failed (errno {errno})");
            return;
        }

        connection.HeadLength += n;
        int end = head.AsSpan(0, connection.HeadLength).IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            if (connection.HeadLength == head.Length)
            {
                Fail(connection, "the response head is over 1 KiB");
            }

            return;
        }

        if (!head.AsSpan().StartsWith("HTTP/1.1 101"u8))
        {
            string status = Encoding.ASCII.GetString(head, 0, Math.Min(connection.HeadLength, 40)).Split('\r')[0];
            Fail(connection, $"the handshake was answered with '{status}'");
            return;
        }

        connection.Phase = ConnectionPhase.Open;
        connection.Head = null;
        workload.OnOpen(this, connection, now);
        ScanFrames(workload, connection, head.AsSpan(end + 4, connection.HeadLength - end - 4), now);
        Flush(connection);
    }

    private void ReadFrames(IWorkload workload, ClientConnection connection, long now)
    {
        int n = RawSocket.Receive(connection.Fd, _receiveBuffer, out int errno);
        if (n == RawSocket.WouldBlock)
        {
            return;
        }

        if (n <= 0)
        {
            Fail(connection, n == 0 ? "the server closed the connection" : $"receive failed (errno {errno})");
            return;
        }

        ScanFrames(workload, connection, _receiveBuffer.AsSpan(0, n), now);
        Flush(connection);
    }

    private void ScanFrames(IWorkload workload, ClientConnection connection, ReadOnlySpan<byte> data, long now)
    {
        while (connection.Scanner.TryNext(ref data, out ServerFrame frame))
        {
            workload.OnFrame(this, connection, in frame, now);
        }
    }

    private void WatchWritable(ClientConnection connection, bool watch)
    {
        if (connection.WaitsToWrite != watch && connection.Fd >= 0)
        {
            connection.WaitsToWrite = watch;
            _poller.Modify(connection.Fd, watch ? Libc.EpollIn | Libc.EpollOut : Libc.EpollIn, connection.Index);
        }
    }

    private void Fail(ClientConnection connection, string reason)
    {
        connection.Phase = ConnectionPhase.Failed;
        connection.Failure = reason;
        connection.Head = null;
        if (connection.Fd >= 0)
        {
            Libc.Close(connection.Fd);
            connection.Fd = -1;
        }

        _workload?.OnFailed(this, connection, Stopwatch.GetTimestamp());
    }
}
