using System.Net;
using System.Net.Sockets;
using EspWs.App.Configuration;
using EspWs.App.Server.Transport;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

/// <summary>
/// One client's connection, from accept to close: it owns its phases (handshake, receive, send, close), its
/// deadlines and its lifecycle, and it exists only while the client does.
/// </summary>
/// <remarks>
/// Its own loop (<see cref="RunAsync"/>) runs the phases in turn, fires what each reports as the lifecycle's trigger,
/// and is the only one that reads its socket. Other threads (the watchdog, a broadcast, the server at shutdown) only
/// post: they set a request and wake the loop, or cut the connection outright.
/// </remarks>
// Not IDisposable: Release gives everything back when the lifecycle returns to WaitingForClient; the abort source
// stays undisposed because a send still leaving its last write may read its token.
#pragma warning disable CA1001
internal sealed partial class Connection : IClientConnection
#pragma warning restore CA1001
{
    private readonly ConnectionContext _context;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _abort = new();
    private CancellationTokenSource _wake;
    private IConnectionTransport? _transport;
    private int _wakeRequest;
    private int _abortReason;

    /// <summary>Creates the connection of the client on <paramref name="socket"/>, in slot <paramref name="slotId"/>.</summary>
    public Connection(int slotId, Socket socket, ConnectionContext context)
    {
        SlotId = slotId;
        _socket = socket;
        _context = context;
        RemoteEndPoint = socket.RemoteEndPoint;
        _wake = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        Deadlines = new ConnectionDeadlines(context.Time);
        Receive = new ReceivePhase(this);
        Send = new SendPhase(this);
        Close = new ClosePhase(this);
    }

    /// <inheritdoc/>
    public int SlotId { get; }

    /// <inheritdoc/>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Where the connection sits in the broadcast set; -1 when it is not in it.</summary>
    public int BroadcastIndex { get; set; } = -1;

    /// <summary>The receive side.</summary>
    public ReceivePhase Receive { get; }

    /// <summary>The send side.</summary>
    public SendPhase Send { get; }

    /// <summary>The closing handshake.</summary>
    public ClosePhase Close { get; }

    /// <summary>The armed deadlines.</summary>
    public ConnectionDeadlines Deadlines { get; }

    /// <summary>The server's limits and timeouts.</summary>
    public ServerSettings Options => _context.Options;

    /// <summary>The server's running totals.</summary>
    public ServerCounters Counters => _context.Counters;

    /// <summary>The message memory shared by all connections.</summary>
    public MessageMemoryBudget Budget => _context.Budget;

    /// <summary>Who handles each message.</summary>
    public IMessageHandler Handler => _context.Handler;

    /// <summary>Who answers plain HTTP.</summary>
    public IHttpEndpoint Http => _context.Http;

    /// <summary>Who may open a WebSocket.</summary>
    public HandshakePolicy Policy => _context.Policy;

    /// <summary>The server's log.</summary>
    public ILogger Log => _context.Log;

    /// <summary>The transport, once set up.</summary>
    public IConnectionTransport Transport => _transport ?? throw new InvalidOperationException("The transport is not set up yet.");

    /// <summary>Cancelled when the connection is cut.</summary>
    public CancellationToken AbortToken => _abort.Token;

    /// <summary>Cancelled when the connection is cut or another thread posts a request.</summary>
    public CancellationToken WakeToken => Volatile.Read(ref _wake).Token;

    /// <summary>True once the connection was cut.</summary>
    public bool IsAborted => _abort.IsCancellationRequested;

    /// <summary>Why the connection was cut, if it was.</summary>
    public AbortReason CurrentAbortReason => (AbortReason)Volatile.Read(ref _abortReason);

    /// <summary>Serves the client until its connection ends, then gives everything back. Never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            OnClientAccepted();
            On(await HandshakeAsync());
            if (State == ConnectionState.Connected)
            {
                Log.LogInformation("Slot {Slot}: WebSocket client {Remote} connected.", SlotId, RemoteEndPoint);
                On(await Receive.RunAsync());
            }

            if (State == ConnectionState.Closing)
            {
                On(await Close.RunAsync());
            }
        }
        catch (Exception ex)
        {
            await FailAsync(ex);
        }
        finally
        {
            if (State != ConnectionState.WaitingForClient)
            {
                // Only reached when even the failure path could not finish; the slot must still come back.
                Log.LogError("Slot {Slot}: connection ended in state {State}; its resources are released.", SlotId, State);
                Release();
            }
        }
    }

    /// <inheritdoc/>
    public bool TrySend(ReadOnlyMemory<byte> frame)
    {
        if (State != ConnectionState.Connected)
        {
            return false;
        }

        if (Send.TryQueue(frame, out bool full))
        {
            return true;
        }

        if (full && Close.TryRequest(1008, "send queue full"))
        {
            Log.LogWarning("Slot {Slot}: client {Remote} does not read; its send queue of {Length} is full, closing it with 1008.",
                SlotId, RemoteEndPoint, Options.SendQueueLength);
            Counters.OnDroppedTooSlow();

            // Posted, not done here: waking the loop may run its continuation, and this caller may be a broadcast.
            ThreadPool.UnsafeQueueUserWorkItem(static c => c.Wake(WakeRequest.Close), this, preferLocal: false);
        }

        return false;
    }

    /// <summary>Asks the connection to close with <paramref name="code"/>; safe from any thread. Before it is connected, it is cut.</summary>
    public void RequestClose(ushort code, string reason)
    {
        if (State is ConnectionState.Handshaking or ConnectionState.WaitingForClient)
        {
            Abort(AbortReason.ServerStopped);
        }
        else if (Close.TryRequest(code, reason))
        {
            Wake(WakeRequest.Close);
        }
    }

    /// <summary>Judges the deadlines at <paramref name="now"/>; called by the watchdog, safe from any thread.</summary>
    public void CheckDeadlines(long now)
    {
        switch (Deadlines.Check(now, Options))
        {
            case DeadlineVerdict.PingDue:
                Wake(WakeRequest.Ping);
                break;
            case DeadlineVerdict.HandshakeTimedOut:
                Abort(AbortReason.HandshakeTimeout);
                break;
            case DeadlineVerdict.PongTimedOut:
                Abort(AbortReason.PongTimeout);
                break;
            case DeadlineVerdict.SendTimedOut:
                if (Abort(AbortReason.SendTimeout))
                {
                    Counters.OnDroppedTooSlow();
                }

                break;
            case DeadlineVerdict.MessageTooSlow:
                if (Close.TryRequest(1008, "message arrives too slowly"))
                {
                    Log.LogInformation("Slot {Slot}: client {Remote} holds message memory but its message arrives slower than Server:MinMessageDataRate ({Rate} B/s); closing it with 1008.",
                        SlotId, RemoteEndPoint, Options.MinMessageDataRate);
                    Counters.OnMessageTooSlow();
                    Wake(WakeRequest.Close);
                }

                break;
            case DeadlineVerdict.CloseTimedOut:
                Abort(AbortReason.CloseTimeout);
                break;
        }
    }

    /// <summary>Cuts the connection at once, without a close handshake; safe from any thread. True for the first cut.</summary>
    public bool Abort(AbortReason reason)
    {
        bool first = Interlocked.CompareExchange(ref _abortReason, (int)reason, (int)AbortReason.None) == (int)AbortReason.None;
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already released; nothing is left to cut.
        }

        return first;
    }

    /// <summary>What the receive loop reports when its client is gone (<paramref name="why"/>, or why it was cut); logged here.</summary>
    public LifecycleEvent Gone(string? why = null)
    {
        AbortReason reason = CurrentAbortReason;
        why ??= reason == AbortReason.None ? "connection reset" : reason.ToString();
        Log.LogInformation("Slot {Slot}: client {Remote} gone ({Reason}).", SlotId, RemoteEndPoint, why);
        return new LifecycleEvent(ConnectionTrigger.PeerGone);
    }

    /// <summary>Takes the request posted to the loop, re-arming the wake first so a later request is never lost.</summary>
    public WakeRequest TakeWakeRequest()
    {
        CancellationTokenSource old = _wake;
        Volatile.Write(ref _wake, CancellationTokenSource.CreateLinkedTokenSource(_abort.Token));
        old.Dispose();
        return (WakeRequest)Interlocked.Exchange(ref _wakeRequest, (int)WakeRequest.None);
    }

    private void Wake(WakeRequest request)
    {
        int current;
        do
        {
            current = Volatile.Read(ref _wakeRequest);
            if (current >= (int)request)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _wakeRequest, (int)request, current) != current);

        try
        {
            Volatile.Read(ref _wake).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop replaced the source meanwhile; it reads the request when it next looks.
        }
    }

    private async Task<LifecycleEvent> HandshakeAsync()
    {
        try
        {
            // The transport-setup step (TLS) runs under the handshake deadline, like the HTTP request after it.
            _transport = await _context.Transports.CreateAsync(_socket, AbortToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (CurrentAbortReason == AbortReason.HandshakeTimeout)
            {
                Log.LogInformation("Slot {Slot}: {Remote} did not finish its transport setup (TLS handshake) within Server:HandshakeTimeout ({Timeout}); dropped.",
                    SlotId, RemoteEndPoint, Options.HandshakeTimeout);
                return new LifecycleEvent(ConnectionTrigger.HandshakeTimedOut);
            }

            // A client that does not speak the transport's protocol (plain text on a TLS port, a garbage ClientHello) is
            // routine on an open port: one line at Debug, no stack trace.
            Log.LogDebug("Slot {Slot}: transport setup with {Remote} failed: {Error}", SlotId, RemoteEndPoint, ex.Message);
            return new LifecycleEvent(ConnectionTrigger.PeerGone);
        }

        return await new HandshakePhase(this).RunAsync();
    }

    private async Task FailAsync(Exception ex)
    {
        try
        {
            switch (State)
            {
                case ConnectionState.Connected:
                    // What was answered before the failure still goes out, ahead of the 1011.
                    await Send.FlushAsync();
                    Log.LogError(ex, "Slot {Slot}: unexpected error serving {Remote}; closing it with 1011.", SlotId, RemoteEndPoint);
                    OnFaulted();
                    On(await Close.RunAsync());
                    break;
                case ConnectionState.Handshaking:
                    Log.LogError(ex, "Slot {Slot}: unexpected error answering {Remote}; dropped.", SlotId, RemoteEndPoint);
                    OnFaulted();
                    break;
                case ConnectionState.Closing:
                    Log.LogError(ex, "Slot {Slot}: unexpected error closing {Remote}; dropped.", SlotId, RemoteEndPoint);
                    OnPeerGone();
                    break;
            }
        }
        catch (Exception again)
        {
            Log.LogError(again, "Slot {Slot}: the failure path failed too.", SlotId);
        }
    }
}
