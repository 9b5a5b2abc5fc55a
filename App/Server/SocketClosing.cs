using System.Net.Sockets;
using EspWs.App.Server.Transport;

namespace EspWs.App.Server;

/// <summary>Ends connections so that what was sent last is still read by the peer.</summary>
internal static class SocketClosing
{
    private const int DrainBufferBytes = 4 * 1024;

    /// <summary>What a refused HTTP request may still send before it is cut.</summary>
    public const long HttpDrainBytes = 64 * 1024;

    /// <summary>
    /// Sends FIN, then reads and discards what the peer still sends until it closes, for at most
    /// <paramref name="timeout"/> and <paramref name="maxBytes"/> bytes.
    /// </summary>
    /// <remarks>
    /// Closing a socket with unread input makes the kernel send RST, and an RST can destroy a response the peer
    /// has not read yet (an HTTP error, a close frame). Draining first lets the response arrive.
    /// </remarks>
    public static async Task ShutdownAndDrainAsync(IConnectionTransport transport, TimeSpan timeout, CancellationToken cancellationToken,
        long maxBytes = HttpDrainBytes)
    {
        byte[] scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(DrainBufferBytes);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await transport.ShutdownSendAsync(deadline.Token);
            long drained = 0;
            while (drained < maxBytes)
            {
                int received = await transport.ReceiveAsync(scratch, deadline.Token);
                if (received == 0)
                {
                    return;
                }

                drained += received;
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer reset or lingered past the timeout: either way the connection is over.
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Closes <paramref name="socket"/> and releases it; never throws.</summary>
    public static void Close(Socket? socket)
    {
        if (socket is null)
        {
            return;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already shut down or reset by the peer.
        }

        socket.Dispose();
    }
}
