using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using EspWs.App.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>
/// One of the server's fixed connection slots: it owns its buffers for its whole life and serves one client at a
/// time, from accept through handshake and frames to close, then waits for the next client.
/// </summary>
/// <remarks>
/// The slot's own loop is the only owner of its state machine and of its receive side. Other threads (the
/// watchdog, the server at shutdown, a broadcast) only post: they set a request and wake the loop.
/// </remarks>
internal sealed partial class ConnectionSlot : IClientConnection, IDisposable
{
    private const int WakeNone = 0;
    private const int WakePing = 1;
    private const int WakeClose = 2;

    private readonly WebSocketServerOptions _options;
    private readonly IMessageHandler _handler;
    private readonly IHttpEndpoint _http;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Action<ConnectionSlot> _released;
    private readonly ConnectionStateMachine _machine = new();
    private readonly HandshakePolicy _policy;
    private readonly Channel<ReadOnlyMemory<byte>> _outbound;

    private Socket? _socket;
    private EndPoint? _remote;
    private CancellationTokenSource _abort = new();
    private CancellationTokenSource _receiveWake = new();
    private int _wakeRequest;
    private int _abortReason;
    private ushort _requestedCloseCode;
    private string _requestedCloseReason = "";
    private long _phaseStartedAt;
    private long _lastReceiveAt;
    private long _pingSentAt;
    private long _sendStartedAt;

    /// <summary>Creates slot number <paramref name="id"/> with buffers sized from <paramref name="options"/>.</summary>
    public ConnectionSlot(int id, WebSocketServerOptions options, HandshakePolicy policy, IMessageHandler handler,
        IHttpEndpoint http, ILogger log, TimeProvider time, Action<ConnectionSlot> released)
    {
        _policy = policy;
        SlotId = id;
        _options = options;
        _handler = handler;
        _http = http;
        _log = log;
        _time = time;
        _released = released;
        _receive = new byte[Math.Max(options.MaxHeaderBytes, MinReceiveBuffer)];
        _message = new MessageBuffer(InitialMessageBytes, options.MaxMessageBytes);
        _reader = new FrameReader(_receive, _message);
        _outbound = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(options.SendQueueLength)
        {
            SingleReader = true,
            SingleWriter = false,

            // An idle pump then sends on the broadcaster's thread at once, as a non-blocking write, instead of
            // waiting for a thread-pool thread that busy receive loops may hold; a pending write still returns at once.
            AllowSynchronousContinuations = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <inheritdoc/>
    public int SlotId { get; }

    /// <inheritdoc/>
    public EndPoint? RemoteEndPoint => _remote;

    /// <summary>The slot's lifecycle state; safe to read from any thread.</summary>
    public ConnectionState State => _machine.State;

    /// <summary>The slot's state machine, for the diagram and tests.</summary>
    internal ConnectionStateMachine Machine => _machine;

    /// <summary>Serves <paramref name="socket"/> until it closes, then hands the slot back. Never throws.</summary>
    public async Task RunAsync(Socket socket)
    {
        BeginConnection(socket);
        Task pump = Task.CompletedTask;
        try
        {
            _machine.OnClientAccepted();
            if (await HandshakeAsync())
            {
                pump = PumpOutboundAsync(_abort.Token);
                _log.LogInformation("Slot {Slot}: WebSocket client {Remote} connected.", SlotId, _remote);
                ConnectionExit exit = await ReceiveLoopAsync();
                await FinishAsync(exit);
            }
        }
        catch (Exception ex)
        {
            await FailAsync(ex);
        }
        finally
        {
            _abort.Cancel();
            await pump;
            EndConnection();
            _released(this);
        }
    }

    /// <inheritdoc/>
    public bool TrySend(ReadOnlyMemory<byte> frame)
    {
        if (_machine.State != ConnectionState.Connected)
        {
            return false;
        }

        if (_outbound.Writer.TryWrite(frame))
        {
            return true;
        }

        if (RequestClose(1008, "send queue full"))
        {
            _log.LogWarning("Slot {Slot}: client {Remote} does not read; its send queue of {Length} is full, closing it with 1008.",
                SlotId, _remote, _options.SendQueueLength);
        }

        return false;
    }

    /// <summary>Releases the slot's buffers; only after its last connection has ended.</summary>
    public void Dispose()
    {
        _message.Dispose();
        _sendLock.Dispose();
        _receiveWake.Dispose();
        _abort.Dispose();
    }

    /// <summary>Asks the slot to close its client with <paramref name="code"/>; safe from any thread. False when a close was already requested.</summary>
    public bool RequestClose(ushort code, string reason)
    {
        lock (_outbound)
        {
            if (_requestedCloseCode != 0)
            {
                return false;
            }

            _requestedCloseCode = code;
            _requestedCloseReason = reason;
        }

        Wake(WakeClose);
        return true;
    }

    /// <summary>Checks the slot's deadlines at <paramref name="now"/>; called by the watchdog, safe from any thread.</summary>
    public void CheckDeadlines(long now)
    {
        switch (_machine.State)
        {
            case ConnectionState.Handshaking when Elapsed(_phaseStartedAt, now) > _options.HandshakeTimeout:
                Abort(AbortReason.HandshakeTimeout);
                break;
            case ConnectionState.Connected:
                CheckConnectedDeadlines(now);
                break;
            case ConnectionState.Closing when Elapsed(_phaseStartedAt, now) > _options.CloseTimeout:
                Abort(AbortReason.CloseTimeout);
                break;
        }
    }

    /// <summary>Cuts the connection at once, without a close handshake; safe from any thread.</summary>
    public void Abort(AbortReason reason)
    {
        Interlocked.CompareExchange(ref _abortReason, (int)reason, (int)AbortReason.None);
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended while the watchdog looked at it; nothing is left to cut.
        }
    }

    private void CheckConnectedDeadlines(long now)
    {
        long sendStarted = Volatile.Read(ref _sendStartedAt);
        long pingSent = Volatile.Read(ref _pingSentAt);
        if (sendStarted != 0 && Elapsed(sendStarted, now) > _options.SendTimeout)
        {
            Abort(AbortReason.SendTimeout);
        }
        else if (_options.PingInterval <= TimeSpan.Zero)
        {
            return;
        }
        else if (pingSent != 0)
        {
            if (Elapsed(pingSent, now) > _options.PongTimeout)
            {
                Abort(AbortReason.PongTimeout);
            }
        }
        else if (Elapsed(Volatile.Read(ref _lastReceiveAt), now) > _options.PingInterval)
        {
            Wake(WakePing);
        }
    }

    private TimeSpan Elapsed(long since, long now) => _time.GetElapsedTime(since, now);

    private void Wake(int request)
    {
        int current;
        do
        {
            current = Volatile.Read(ref _wakeRequest);
            if (current >= request)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _wakeRequest, request, current) != current);

        try
        {
            Volatile.Read(ref _receiveWake).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The loop replaced the source meanwhile; it reads the request when it next looks.
        }
    }

    private int TakeWakeRequest()
    {
        // Publish a fresh source before taking the request, so a wake that races with this is never lost.
        var old = _receiveWake;
        Volatile.Write(ref _receiveWake, CancellationTokenSource.CreateLinkedTokenSource(_abort.Token));
        old.Dispose();
        return Interlocked.Exchange(ref _wakeRequest, WakeNone);
    }

    private void BeginConnection(Socket socket)
    {
        _socket = socket;
        _remote = socket.RemoteEndPoint;
        _abort = new CancellationTokenSource();
        _receiveWake = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        _wakeRequest = WakeNone;
        _abortReason = (int)AbortReason.None;
        _requestedCloseCode = 0;
        _requestedCloseReason = "";
        _received = 0;
        _receivesWithoutYield = 0;
        _closeSent = false;
        long now = _time.GetTimestamp();
        _phaseStartedAt = now;
        _lastReceiveAt = now;
        _pingSentAt = 0;
        _sendStartedAt = 0;
    }

    private void EndConnection()
    {
        if (_machine.State != ConnectionState.WaitingForClient)
        {
            // Only reached when FailAsync itself could not finish; the slot must still become free.
            _log.LogError("Slot {Slot}: connection ended in state {State}; the slot is reset.", SlotId, _machine.State);
            ForceWaitingForClient();
        }

        while (_outbound.Reader.TryRead(out _))
        {
        }

        _message.Reset();
        SocketClosing.Close(_socket);
        _socket = null;
        _remote = null;
        _receiveWake.Dispose();
        _abort.Dispose();
    }

    private void ForceWaitingForClient()
    {
        if (_machine.CanFire(ConnectionTrigger.PeerGone))
        {
            _machine.OnPeerGone();
        }

        if (_machine.CanFire(ConnectionTrigger.Closed))
        {
            _machine.OnClosed();
        }
    }

    private AbortReason CurrentAbortReason => (AbortReason)Volatile.Read(ref _abortReason);
}
