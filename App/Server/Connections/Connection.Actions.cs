using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

/// <summary>The lifecycle's entry and exit actions, as this connection carries them out.</summary>
/// <remarks>Each one hands the work to the phase that owns it; none keeps state of its own.</remarks>
// CA1001: see Connection.cs for why the connection releases instead of disposing.
#pragma warning disable CA1001
internal sealed partial class Connection : ILifecycleActions
#pragma warning restore CA1001
{
    /// <inheritdoc/>
    void ILifecycleActions.ArmHandshakeDeadline() => Deadlines.ArmHandshake();

    /// <inheritdoc/>
    void ILifecycleActions.DisarmHandshakeDeadline() => Deadlines.DisarmHandshake();

    /// <inheritdoc/>
    void ILifecycleActions.JoinBroadcastSet()
    {
        _context.Broadcast.Join(this);
        Counters.OnConnected();
    }

    /// <inheritdoc/>
    void ILifecycleActions.LeaveBroadcastSet()
    {
        _context.Broadcast.Leave(this);
        Counters.OnDisconnected();
    }

    /// <inheritdoc/>
    void ILifecycleActions.ArmKeepalive() => Deadlines.ArmKeepalive();

    /// <inheritdoc/>
    void ILifecycleActions.DisarmKeepalive() => Deadlines.DisarmKeepalive();

    /// <inheritdoc/>
    void ILifecycleActions.StartSendPump() => Send.StartPump();

    /// <inheritdoc/>
    void ILifecycleActions.StopSendPump() => Send.StopPump();

    /// <inheritdoc/>
    void ILifecycleActions.ArmCloseDeadline() => Deadlines.ArmClose();

    /// <inheritdoc/>
    Task ILifecycleActions.SendCloseAsync(ushort code, string reason) => Close.SendAsync(code, reason);

    /// <inheritdoc/>
    void ILifecycleActions.CountCloseReceived(ushort code) => Counters.OnCloseReceived(code);

    /// <inheritdoc/>
    void ILifecycleActions.CountRefusal(int status) => Counters.OnRefused(status);

    /// <inheritdoc/>
    void ILifecycleActions.Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        Abort(AbortReason.Released);
        _transport?.Close();
        if (_transport is null)
        {
            SocketClosing.Close(_socket);
        }

        Send.Release();
        Receive.Release();
        _context.Released(this);
        _wake.Dispose();
    }

    /// <inheritdoc/>
    void ILifecycleActions.Abort(string why)
    {
        Log.LogWarning("Slot {Slot}: connection with {Remote} cut: {Why}.", SlotId, RemoteEndPoint, why);
        Abort(AbortReason.Faulted);
    }
}
