using System.Net;
using EspWs.App;
using EspWs.App.Configuration;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Bench.Micro;

/// <summary>The app's own host on a simulated board, on loopback and a free port, as the benchmarks build it.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly SimulatedBoard _board;
    private readonly string _stateDirectory;

    /// <summary>Builds (but does not start) a host with <paramref name="maxClients"/> slots and no keepalive; its LED state is kept in a folder of its own.</summary>
    public BenchHost(int maxClients)
    {
        _board = new SimulatedBoard(NullLoggerFactory.Instance, TimeProvider.System, new SimulatedWiFiOptions { ConnectDelay = TimeSpan.Zero, IpAddress = IPAddress.Loopback });
        _stateDirectory = Directory.CreateTempSubdirectory("espws-bench-").FullName;
        var settings = new EspWsSettings
        {
            Server = new ServerSettings { BindAddress = "127.0.0.1", Port = 0, MaxClients = maxClients, PingInterval = TimeSpan.Zero, MaxConnectionsPerAddress = 0 },
            State = new StateSettings { Directory = _stateDirectory },
        };
        Host = new EspWsHost(_board, settings, NullLoggerFactory.Instance, TimeProvider.System);
    }

    /// <summary>The host: LED, controller, server and status.</summary>
    public EspWsHost Host { get; }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _board.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }
}
