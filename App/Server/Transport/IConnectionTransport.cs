using System.Net;

namespace EspWs.App.Server.Transport;

/// <summary>
/// The byte stream one connection runs over: a plain socket, or a stream layered on it such as TLS. The connection
/// core does all its I/O through this, so every transport gets the same limits and deadlines.
/// </summary>
/// <remarks>
/// Gathering is done above the transport: the send side copies the frames that go out together into one pooled
/// buffer and hands it over in one <see cref="SendAsync"/>, which is one system call on a socket and one record on TLS.
/// </remarks>
public interface IConnectionTransport
{
    /// <summary>The peer's address and port, when known.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// Receives into <paramref name="buffer"/> and returns the count, 0 when the peer has closed. An empty buffer
    /// waits until data can be read without taking any, so no buffer need be held while a client is idle.
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
    /// <exception cref="IOException">Or <see cref="System.Net.Sockets.SocketException"/>, when the connection fails.</exception>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends all of <paramref name="bytes"/>, completing synchronously and without allocating when the kernel takes them at once.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Tells the peer nothing more will be sent (TCP FIN, after TLS's close_notify); the receive side stays open.</summary>
    ValueTask ShutdownSendAsync(CancellationToken cancellationToken);

    /// <summary>Releases the connection at once; never throws, and may be called more than once.</summary>
    void Close();
}
