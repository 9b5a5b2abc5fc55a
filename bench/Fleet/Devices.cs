using EspWs.App;
using EspWs.App.Configuration;
using EspWs.App.Mqtt;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;

namespace EspWs.Bench.Fleet;

/// <summary>N complete EspWs hosts in this process, each on its own simulated board, WebSocket port and MQTT client.</summary>
internal sealed class Devices : IAsyncDisposable
{
    private readonly List<(EspWsHost Host, MqttLink Link, SimulatedBoard Board)> _devices = [];

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
                devices._devices.Add(StartOne(i, port, loggers));
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
    public int Connected => _devices.Count(d => d.Link.State == MqttLinkState.Connected);

    public async ValueTask DisposeAsync()
    {
        foreach ((EspWsHost host, MqttLink link, SimulatedBoard board) in _devices)
        {
            await link.DisposeAsync();
            await host.DisposeAsync();
            board.Dispose();
        }
    }

    private static (EspWsHost, MqttLink, SimulatedBoard) StartOne(int index, int port, ILoggerFactory loggers)
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
        };
        var board = new SimulatedBoard(loggers, TimeProvider.System);
        var host = new EspWsHost(board, EspWsHostOptions.From(settings), loggers, TimeProvider.System);
        MqttLink link = MqttLinkFactory.StartFor(host, settings.Mqtt, loggers)!;
        host.Start();
        return (host, link, board);
    }
}
