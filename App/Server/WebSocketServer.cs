using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EspWs.App.Configuration;
using EspWs.App.Server.Connections;
using EspWs.App.Server.Protocol;
using EspWs.App.Server.Transport;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>
/// The RFC 6455 server: a TCP listener whose accepted clients each become a connection, up to
/// <see cref="ServerSettings.MaxClients"/>. A client that finds every slot busy is refused with 503 and
/// <c>Retry-After</c>, never left waiting; nothing is held for a slot no client uses.
/// </summary>
public sealed class WebSocketServer : IBroadcaster, IAsyncDisposable
{
    private const int MaxConcurrentRefusals = 256;
    private const int RetryAfterSeconds = 5;

    private readonly ServerSettings _options;
    private readonly IPAddress _bindAddress;
    private readonly ILogger _log;
    private readonly SlotTable _slots;
    private readonly ConnectionContext _context;
    private readonly BroadcastSet _connected = new();
    private readonly byte[] _busyResponse;
    private readonly byte[] _perAddressResponse;
    private readonly ConcurrentDictionary<IPAddress, int> _connectionsPerAddress = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConnectionWatchdog _watchdog;
    private readonly HeapGiveBack _heapGiveBack;
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _refusing;

    /// <summary>
    /// Creates a server with the <c>Server</c> and <c>Security</c> settings, whose clients each go through
    /// <paramref name="transport"/> and whose handler is made by <paramref name="createHandler"/>, which receives the
    /// server as the broadcaster the handler tells clients through.
    /// </summary>
    public WebSocketServer(ServerSettings options, SecuritySettings security, IConnectionTransportFactory transport,
        Func<IBroadcaster, IMessageHandler> createHandler, IHttpEndpoint http, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(security);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(createHandler);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        IMessageHandler handler = createHandler(this);
        _options = options;
        _bindAddress = IPAddress.Parse(options.BindAddress);
        time ??= TimeProvider.System;
        _log = loggerFactory.CreateLogger("EspWs.Server");
        _slots = new SlotTable(options.MaxClients);
        Budget = new MessageMemoryBudget(options.MaxBufferedBytes);
        _context = new ConnectionContext
        {
            Options = options,
            Handler = handler,
            Http = http,
            Log = _log,
            Time = time,
            Counters = Counters,
            Budget = Budget,
            Broadcast = _connected,
            Policy = new HandshakePolicy(security),
            Transports = transport,
            Released = Release,
        };

        string retryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _busyResponse = HttpResponses.Error(503, $"All {options.MaxClients} connection slots are busy (Server:MaxClients); try again later.",
            ("Retry-After", retryAfter));
        _perAddressResponse = HttpResponses.Error(429,
            $"This address already holds {options.MaxConnectionsPerAddress} connections (Server:MaxConnectionsPerAddress).",
            ("Retry-After", retryAfter));
        _watchdog = new ConnectionWatchdog(_slots, Budget, options, time, _log);
        _heapGiveBack = new HeapGiveBack(time, () => _slots.Live, _log);
    }

    /// <summary>The server's running totals (connections, refusals, messages, bytes, close codes), for metrics.</summary>
    public ServerCounters Counters { get; } = new();

    /// <summary>The message memory all connections share (<c>Server:MaxBufferedBytes</c>).</summary>
    public MessageMemoryBudget Budget { get; }

    /// <summary>The address and port the server listens on (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("The server is not started."));

    /// <summary>How many clients have an open WebSocket right now.</summary>
    public int ConnectedCount => _connected.Count;

    /// <summary>How many more clients can be taken right now (a slot comes back once its connection is released).</summary>
    public int AvailableSlots => _slots.Capacity - _slots.Live;

    /// <summary>Binds and starts accepting; throws <see cref="SocketException"/> when the address is taken.</summary>
    public void Start()
    {
        var listener = new Socket(_bindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(_bindAddress, _options.Port));
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
    /// <remarks>Only queues each client's frames and schedules its send; no send happens on the caller's thread.</remarks>
    public int Broadcast(ReadOnlyMemory<byte> frames) => _connected.Send(frames);

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
        ForEachConnection(c => c.RequestClose(1001, "server shutting down"));
        if (!await WaitForConnectionsAsync(_options.CloseTimeout + TimeSpan.FromSeconds(1)))
        {
            ForEachConnection(c => c.Abort(AbortReason.ServerStopped));
            await WaitForConnectionsAsync(TimeSpan.FromSeconds(1));
        }

        await _watchdog.DisposeAsync();
        _heapGiveBack.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private void ForEachConnection(Action<Connection> action)
    {
        int highWater = _slots.HighWater;
        for (int i = 0; i < highWater; i++)
        {
            if (_slots.Get(i) is { } connection)
            {
                action(connection);
            }
        }
    }

    private async Task<bool> WaitForConnectionsAsync(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (_slots.Live > 0)
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
            Admit(client);
        }
    }

    /// <summary>The accept path: the per-address limit, the total limit, then the connection's own loop (transport setup first).</summary>
    private void Admit(Socket client)
    {
        IPAddress? address = (client.RemoteEndPoint as IPEndPoint)?.Address;
        if (!TryCountConnection(address))
        {
            _ = RefuseAsync(client, 429, _perAddressResponse, "429: its address holds Server:MaxConnectionsPerAddress connections");
            return;
        }

        if (!_slots.TryTake(out int slot))
        {
            UncountConnection(address);
            _ = RefuseAsync(client, 503, _busyResponse, $"503: all {_options.MaxClients} slots are busy");
            return;
        }

        _heapGiveBack.OnAdmitted();
        var connection = new Connection(slot, client, _context);
        _slots.Set(slot, connection);
        ThreadPool.UnsafeQueueUserWorkItem(static c => _ = c.RunAsync(), connection, preferLocal: false);
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

    private void Release(Connection connection)
    {
        UncountConnection((connection.RemoteEndPoint as IPEndPoint)?.Address);
        _slots.Free(connection.SlotId);
        _heapGiveBack.OnReleased();
    }

    private async Task RefuseAsync(Socket client, int status, byte[] response, string why)
    {
        Counters.OnRefused(status);
        if (Interlocked.Increment(ref _refusing) > MaxConcurrentRefusals)
        {
            // A flood: answering each would cost more than the flood itself; just close.
            Interlocked.Decrement(ref _refusing);
            SocketClosing.Close(client);
            return;
        }

        var transport = new SocketTransport(client);
        try
        {
            _log.LogInformation("Client {Remote} refused with {Why}.", transport.RemoteEndPoint, why);
            using var deadline = new CancellationTokenSource(_options.CloseTimeout);
            await transport.SendAsync(response, deadline.Token);
            await SocketClosing.ShutdownAndDrainAsync(transport, TimeSpan.FromSeconds(1), deadline.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The refused client left first; nothing more to tell it.
        }
        finally
        {
            transport.Close();
            Interlocked.Decrement(ref _refusing);
        }
    }
}
