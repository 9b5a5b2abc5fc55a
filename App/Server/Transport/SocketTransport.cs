using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace EspWs.App.Server.Transport;

/// <summary>A connection's transport straight over its TCP socket.</summary>
public sealed class SocketTransport : IConnectionTransport
{
    private readonly Socket _socket;

    /// <summary>Wraps <paramref name="socket"/>, which the transport now owns.</summary>
    public SocketTransport(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    /// <inheritdoc/>
    public EndPoint? RemoteEndPoint { get; }

    /// <inheritdoc/>
    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    /// <inheritdoc/>
    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        // CA2012 cannot see that the ValueTask is consumed exactly once: read when complete, else awaited.
#pragma warning disable CA2012
        ValueTask<int> sending = _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
        if (sending.IsCompletedSuccessfully && sending.Result == bytes.Length)
#pragma warning restore CA2012
        {
            return ValueTask.CompletedTask;
        }

        return FinishSendAsync(sending, bytes, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask ShutdownSendAsync(CancellationToken cancellationToken)
    {
        _socket.Shutdown(SocketShutdown.Send);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public void Close() => SocketClosing.Close(_socket);

    // Pooled: a write that must wait for the kernel, as under load, then still allocates nothing in steady state.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FinishSendAsync(ValueTask<int> sending, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        bytes = bytes[await sending..];
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken)..];
        }
    }
}
