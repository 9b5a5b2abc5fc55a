using System.Net;
using EspWs.App;
using EspWs.App.Configuration;
using EspWs.App.Mqtt;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;

namespace EspWs.Bench.Fleet;

/// <summary>N complete EspWs hosts in this process, each on its own simulated board, WebSocket port and MQTT client.</summary>
internal sealed class Devices : IAsyncDisposable
{
    private readonly List<(EspWsHost Host, SimulatedBoard Board)> _devices = [];
    private readonly string _stateDirectory = StateRoot();

    /// <summary>The node id of device <paramref name="index"/>, and so its topics under <c>espws/NODE</c>.</summary>
    public static string NodeId(int index) => $"fleet-{index:D5}";

    /// <summary>Starts <paramref name="count"/> devices against the broker on <paramref name="port"/>, <paramref name="batch"/> at a time.</summary>
    public static async Task<Devices> StartAsync(int count, int batch, int port, ILoggerFactory loggers)
    {
        var devices = new Devices();
        for (int first = 0; first < count; first += batch)
        {
            for (int i = first; i < Math.Min(count, first + batch); i++)
            {
                devices._devices.Add(await devices.StartOneAsync(i, port, loggers));
            }

            // A batch joins before the next starts, so the broker is not handed a thousand CONNECTs in one instant.
            long deadline = Environment.TickCount64 + 30_000;
            while (devices.Connected < devices._devices.Count && Environment.TickCount64 < deadline)
            {
                await Task.Delay(10);
            }
        }

        return devices;
    }

    /// <summary>How many devices' MQTT links are connected now.</summary>
    public int Connected => _devices.Count(d => d.Host.Mqtt!.State == MqttLinkState.Connected);

    public async ValueTask DisposeAsync()
    {
        foreach ((EspWsHost host, SimulatedBoard board) in _devices)
        {
            await host.DisposeAsync();
            board.Dispose();
        }

        Directory.Delete(_stateDirectory, recursive: true);
    }

    private async Task<(EspWsHost, SimulatedBoard)> StartOneAsync(int index, int port, ILoggerFactory loggers)
    {
        var settings = new EspWsSettings
        {
            Server = new ServerSettings { BindAddress = "127.0.0.1", Port = 0, MaxClients = 4, PingInterval = TimeSpan.Zero },
            Mqtt = new MqttSettings
            {
                Host = "127.0.0.1",
                Port = port,
                NodeId = NodeId(index),
                KeepAlive = TimeSpan.FromSeconds(60),
                ReconnectInterval = TimeSpan.FromSeconds(5),
            },
            State = new StateSettings { Directory = Path.Combine(_stateDirectory, NodeId(index)) },
        };
        // Every device joins its simulated Wi-Fi at once, with the loopback address it serves on.
        var board = new SimulatedBoard(loggers, TimeProvider.System, new SimulatedWiFiOptions { ConnectDelay = TimeSpan.Zero, IpAddress = IPAddress.Loopback });
        var host = new EspWsHost(board, settings, loggers, TimeProvider.System);
        await host.StartAsync(CancellationToken.None);
        return (host, board);
    }

    // Each device keeps its LED state as the app does, each on flash of its own; here they share one disk, where a
    // thousand synced writes in a row would measure the disk, not the devices. Memory stands in for their flash.
    private static string StateRoot()
    {
        const string memory = "/dev/shm";
        string root = Directory.Exists(memory) ? memory : Path.GetTempPath();
        return Directory.CreateDirectory(Path.Combine(root, $"espws-fleet-{Environment.ProcessId}")).FullName;
    }
}
