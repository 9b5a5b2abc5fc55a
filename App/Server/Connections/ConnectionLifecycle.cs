using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The one lifecycle definition every connection runs (WaitingForClient → Handshaking → Connected → Closing), fired
/// through intent methods. A small pool of configured machines serves all connections: each is bound to the
/// connection it fires for until that Fire, async actions included, has returned.
/// </summary>
/// <remarks>
/// Stateless is not thread-safe and a configured machine costs about 10 KB, while transitions are rare (a handful
/// in a connection's life). So a connection pays one state field, and the pool holds as many machines as
/// transitions ever ran at the same time. Each connection's own loop is the only caller for that connection.
/// </remarks>
internal sealed class ConnectionLifecycle
{
    private readonly ConcurrentStack<LifecycleMachine> _idle = new();
    private readonly ILogger _log;
    private readonly int _maxIdle;
    private int _created;

    /// <summary>Creates the pool, empty; machines are configured when first needed.</summary>
    public ConnectionLifecycle(ILogger log)
    {
        _log = log;
        _maxIdle = Math.Max(4, Environment.ProcessorCount * 2);
    }

    /// <summary>How many machines were configured so far: the peak of transitions running at once.</summary>
    public int MachinesCreated => Volatile.Read(ref _created);

    /// <summary>The lifecycle as a Mermaid state diagram, drawn by Stateless from the definition itself.</summary>
    public static string ToMermaid() => new LifecycleMachine(NullLogger.Instance).ToMermaid();

    /// <summary>Every state's entry and exit actions, described, in the order they run (for docs/state-machine.md).</summary>
    public static IReadOnlyList<(string State, IReadOnlyList<string> Entry, IReadOnlyList<string> Exit)> DescribeActions() =>
        new LifecycleMachine(NullLogger.Instance).DescribeActions();

    /// <summary>The listener handed <paramref name="connection"/> a new client.</summary>
    public Task OnClientAcceptedAsync(ILifecycleActions connection) => FireAsync(connection, ConnectionTrigger.ClientAccepted);

    /// <summary>The upgrade was accepted and 101 sent.</summary>
    public Task OnHandshakeAcceptedAsync(ILifecycleActions connection) => FireAsync(connection, ConnectionTrigger.HandshakeAccepted);

    /// <summary>The request was refused with <paramref name="status"/>, and the refusal sent.</summary>
    public Task OnHandshakeRefusedAsync(ILifecycleActions connection, int status) =>
        FireBoundAsync(connection, status, static (machine, s) => machine.Machine.FireAsync(machine.HandshakeRefused, s));

    /// <summary>A plain HTTP request was answered.</summary>
    public Task OnHttpRequestServedAsync(ILifecycleActions connection) => FireAsync(connection, ConnectionTrigger.HttpRequestServed);

    /// <summary>The request did not arrive within Server:HandshakeTimeout.</summary>
    public Task OnHandshakeTimedOutAsync(ILifecycleActions connection) => FireAsync(connection, ConnectionTrigger.HandshakeTimedOut);

    /// <summary>The peer sent a close frame with <paramref name="code"/> (1005 when it carried none).</summary>
    public Task OnCloseReceivedAsync(ILifecycleActions connection, ushort code) =>
        FireBoundAsync(connection, code, static (machine, c) => machine.Machine.FireAsync(machine.CloseReceived, c));

    /// <summary>The server closes the connection with <paramref name="code"/> and <paramref name="reason"/>.</summary>
    public Task OnCloseRequestedAsync(ILifecycleActions connection, ushort code, string reason) =>
        FireWithCodeAsync(connection, code, reason, violated: false);

    /// <summary>The peer broke the protocol; the connection fails with <paramref name="code"/>.</summary>
    public Task OnProtocolViolatedAsync(ILifecycleActions connection, ushort code, string reason) =>
        FireWithCodeAsync(connection, code, reason, violated: true);

    /// <summary>An unexpected error happened while serving the connection.</summary>
    public Task OnFaultedAsync(ILifecycleActions connection) => FireAsync(connection, ConnectionTrigger.Faulted);

    /// <summary>The peer is gone: TCP closed or reset, or a deadline cut it.</summary>
    public Task OnPeerGoneAsync(ILifecycleActions connection) => FireAsync(connection, ConnectionTrigger.PeerGone);

    /// <summary>The close handshake ended.</summary>
    public Task OnClosedAsync(ILifecycleActions connection) => FireAsync(connection, ConnectionTrigger.Closed);

    private Task FireAsync(ILifecycleActions connection, ConnectionTrigger trigger) =>
        FireBoundAsync(connection, trigger, static (machine, t) => machine.Machine.FireAsync(t));

    private Task FireWithCodeAsync(ILifecycleActions connection, ushort code, string reason, bool violated) =>
        FireBoundAsync(connection, (code, reason, violated), static (machine, a) =>
            machine.Machine.FireAsync(a.violated ? machine.ProtocolViolated : machine.CloseRequested, a.code, a.reason));

    // A pooled machine is bound to the connection for exactly one Fire, async actions included, then returned.
    private async Task FireBoundAsync<TArg>(ILifecycleActions connection, TArg arg, Func<LifecycleMachine, TArg, Task> fire)
    {
        LifecycleMachine machine = Rent(connection);
        try
        {
            await fire(machine, arg);
        }
        finally
        {
            Return(machine);
        }
    }

    private LifecycleMachine Rent(ILifecycleActions connection)
    {
        if (!_idle.TryPop(out LifecycleMachine? machine))
        {
            machine = new LifecycleMachine(_log);
            Interlocked.Increment(ref _created);
        }

        machine.Bind(connection);
        return machine;
    }

    private void Return(LifecycleMachine machine)
    {
        machine.Unbind();
        if (_idle.Count < _maxIdle)
        {
            _idle.Push(machine);
        }
    }
}
