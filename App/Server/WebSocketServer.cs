using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EspWs.App.Server.Protocol;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>
/// The RFC 6455 server: a TCP listener feeding a fixed set of connection slots. A client that finds every slot
/// busy is refused with 503 and <c>Retry-After</c>, never left waiting.
/// </summary>
public sealed class WebSocketServer : IBroadcaster, IAsyncDisposable
{
    private const int MaxConcurrentRefusals = 256;

    private readonly WebSocketServerOptions _options;
    private readonly ILogger _log;
    private readonly ConnectionSlot[] _slots;

    // Which slots hold a connection, one flag a slot: a broadcast and the watchdog read this small array and visit only
    // those slots, instead of every slot object, each a cache miss (docs/performance.md: ~0.3 µs a slot under load).
    private readonly bool[] _occupied;
    private readonly ConcurrentStack<ConnectionSlot> _free = new();
    private readonly byte[] _busyResponse;
    private readonly byte[] _perAddressResponse;
    private readonly IPAddress?[] _slotAddresses;
    private readonly ConcurrentDictionary<IPAddress, int> _connectionsPerAddress = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SlotWatchdog _watchdog;
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _running;
    private int _refusing;

    /// <summary>Creates a server with <see cref="WebSocketServerOptions.MaxClients"/> slots; call <see cref="Start"/> to listen.</summary>
    public WebSocketServer(WebSocketServerOptions options, IMessageHandler handler, IHttpEndpoint http,
        ILoggerFactory loggerFactory, TimeProvider? time = null)
        : this(options, _ => handler, http, loggerFactory, time)
    {
    }

    /// <summary>
    /// Creates a server whose handler is made by <paramref name="createHandler"/>, which receives the server as
    /// the broadcaster the handler tells clients through.
    /// </summary>
    public WebSocketServer(WebSocketServerOptions options, Func<IBroadcaster, IMessageHandler> createHandler, IHttpEndpoint http,
        ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createHandler);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        IMessageHandler handler = createHandler(this);
        _options = options;
        time ??= TimeProvider.System;
        _log = loggerFactory.CreateLogger("EspWs.Server");
        _slots = new ConnectionSlot[options.MaxClients];
        _occupied = new bool[options.MaxClients];
        _slotAddresses = new IPAddress?[options.MaxClients];
        var policy = new HandshakePolicy(options);
        for (int i = _slots.Length - 1; i >= 0; i--)
        {
            _slots[i] = new ConnectionSlot(i, options, policy, handler, http, _log, time, Release);
            _free.Push(_slots[i]);
        }

        string retryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _busyResponse = HttpResponses.Error(503, $"All {options.MaxClients} connection slots are busy (Server:MaxClients); try again later.",
            ("Retry-After", retryAfter));
        _perAddressResponse = HttpResponses.Error(429,
            $"This address already holds {options.MaxConnectionsPerAddress} connections (Server:MaxConnectionsPerAddress).",
            ("Retry-After", retryAfter));
        _watchdog = new SlotWatchdog(_slots, _occupied, options, time, _log);
    }

    /// <summary>The server's running totals (connections, refusals, messages, bytes, close codes), for metrics.</summary>
    public ServerCounters Counters { get; } = new();

    /// <summary>The address and port the server listens on (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("The server is not started."));

    /// <summary>How many clients have an open WebSocket right now.</summary>
    public int ConnectedCount => _slots.Count(s => s.State == ConnectionState.Connected);

    /// <summary>How many slots can take a new client right now (a slot returns here after its socket is closed).</summary>
    public int AvailableSlots => _free.Count;

    /// <summary>Each slot's current state, in slot order.</summary>
    public IReadOnlyList<ConnectionState> SlotStates => _slots.Select(s => s.State).ToArray();

    /// <summary>Binds and starts accepting; throws <see cref="SocketException"/> when the address is taken.</summary>
    public void Start()
    {
        var listener = new Socket(_options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(_options.BindAddress, _options.Port));
            listener.Listen(Math.Min(_options.MaxClients * 2, 4096));
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <inheritdoc/>
    public int Broadcast(ReadOnlyMemory<byte> frames)
    {
        int accepted = 0;
        for (int i = 0; i < _slots.Length; i++)
        {
            // A free slot is never Connected, so skipping it skips no client.
            if (Volatile.Read(ref _occupied[i]) && _slots[i].TrySend(frames))
            {
                accepted++;
            }
        }

        return accepted;
    }

    /// <summary>
    /// Stops accepting, closes every client with 1001 (going away) and waits for the close handshakes, at most
    /// CloseTimeout plus a second; whoever is still there is then cut.
    /// </summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _acceptLoop;
        foreach (ConnectionSlot slot in _slots)
        {
            slot.RequestClose(1001, "server shutting down");
        }

        if (!await WaitForSlotsAsync(_options.CloseTimeout + TimeSpan.FromSeconds(1)))
        {
            foreach (ConnectionSlot slot in _slots)
            {
                slot.Abort(AbortReason.ServerStopped);
            }

            await WaitForSlotsAsync(TimeSpan.FromSeconds(1));
        }

        await _watchdog.DisposeAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Volatile.Read(ref _running) == 0)
        {
            // A slot still running after its abort keeps its buffers; disposing them under it would fault it.
            foreach (ConnectionSlot slot in _slots)
            {
                slot.Dispose();
            }
        }

        _stopping.Dispose();
    }

    private async Task<bool> WaitForSlotsAsync(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Volatile.Read(ref _running) > 0)
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors or a client that reset before accept: keep serving the others.
                _log.LogWarning("Accept failed ({Error}); the listener goes on.", ex.SocketErrorCode);
                await Task.Delay(50);
                continue;
            }

            client.NoDelay = true;
            IPAddress? address = (client.RemoteEndPoint as IPEndPoint)?.Address;
            if (!TryCountConnection(address))
            {
                _ = RefuseAsync(client, _perAddressResponse, "429: its address holds Server:MaxConnectionsPerAddress connections");
            }
            else if (_free.TryPop(out ConnectionSlot? slot))
            {
                _slotAddresses[slot.SlotId] = address;
                Volatile.Write(ref _occupied[slot.SlotId], true);
                Interlocked.Increment(ref _running);
                _ = Task.Run(() => slot.RunAsync(client));
            }
            else
            {
                UncountConnection(address);
                _ = RefuseAsync(client, _busyResponse, $"503: all {_options.MaxClients} slots are busy");
            }
        }
    }

    private bool TryCountConnection(IPAddress? address)
    {
        if (_options.MaxConnectionsPerAddress <= 0 || address is null)
        {
            return true;
        }

        if (_connectionsPerAddress.AddOrUpdate(address, 1, (_, count) => count + 1) <= _options.MaxConnectionsPerAddress)
        {
            return true;
        }

        UncountConnection(address);
        return false;
    }

    private void UncountConnection(IPAddress? address)
    {
        if (_options.MaxConnectionsPerAddress <= 0 || address is null)
        {
            return;
        }

        if (_connectionsPerAddress.AddOrUpdate(address, 0, (_, count) => count - 1) == 0)
        {
            _connectionsPerAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, 0));
        }
    }

    private void Release(ConnectionSlot slot)
    {
        UncountConnection(_slotAddresses[slot.SlotId]);
        _slotAddresses[slot.SlotId] = null;

        // Cleared before the slot is free again, so a new connection's flag is never overwritten by this one's end.
        Volatile.Write(ref _occupied[slot.SlotId], false);
        _free.Push(slot);
        Interlocked.Decrement(ref _running);
    }

    private async Task RefuseAsync(Socket client, byte[] response, string why)
    {
        if (Interlocked.Increment(ref _refusing) > MaxConcurrentRefusals)
        {
            // A flood: answering each would cost more than the flood itself; just close.
            Interlocked.Decrement(ref _refusing);
            SocketClosing.Close(client);
            return;
        }

        try
        {
            _log.LogInformation("Client {Remote} refused with {Why}.", client.RemoteEndPoint, why);
            using var deadline = new CancellationTokenSource(_options.CloseTimeout);
            await client.SendAsync(response, SocketFlags.None, deadline.Token);
            await SocketClosing.ShutdownAndDrainAsync(client, TimeSpan.FromSeconds(1), deadline.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The refused client left first; nothing more to tell it.
        }
        finally
        {
            SocketClosing.Close(client);
            Interlocked.Decrement(ref _refusing);
        }
    }
}
