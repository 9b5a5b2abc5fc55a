using EspWs.App;
using EspWs.App.Configuration;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Bench.Micro;

/// <summary>The app's own host on a simulated board, on loopback and a free port, as the benchmarks build it.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly SimulatedBoard _board;

    /// <summary>Builds (but does not start) a host with <paramref name="maxClients"/> slots and no keepalive.</summary>
    public BenchHost(int maxClients)
    {
        _board = new SimulatedBoard(NullLoggerFactory.Instance, TimeProvider.System);
        var options = new EspWsHostOptions
        {
            Server = new ServerSettings { BindAddress = "127.0.0.1", Port = 0, MaxClients = maxClients, PingInterval = TimeSpan.Zero, MaxConnectionsPerAddress = 0 },
        };
        Host = new EspWsHost(_board, options, NullLoggerFactory.Instance, TimeProvider.System);
    }

    /// <summary>The host: LED, controller, server and status.</summary>
    public EspWsHost Host { get; }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _board.Dispose();
    }
}
