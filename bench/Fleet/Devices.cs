using EspWs.App;
using EspWs.App.Configuration;
using EspWs.App.Mqtt;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;

namespace EspWs.Bench.Fleet;

/// <summary>N complete EspWs apps in this process, each on its own simulated board, WebSocket port and MQTT client.</summary>
internal sealed class Devices : IAsyncDisposable
{
    private readonly List<(EspWsApp App, SimulatedBoard Board)> _devices = [];

    public IReadOnlyList<EspWsApp> Apps => [.. _devices.Select(d => d.App)];

    /// <summary>The node id of device <paramref name="index"/>, and so its topics under <c>espws/NODE</c>.</summary>
    public static string NodeId(int index) => $"fleet-{index:D5}";

    /// <summary>Starts <paramref name="count"/> devices against the broker on <paramref name="port"/>, <paramref name="batch"/> at a time.</summary>
    public static async Task<Devices> StartAsync(int count, int batch, int port, ILoggerFactory loggers)
    {
        var devices = new Devices();
        for (int first = 0; first < count; first += batch)
        {
            var starting = new List<Task<(EspWsApp, SimulatedBoard)>>();
            for (int i = first; i < Math.Min(count, first + batch); i++)
            {
                starting.Add(StartOneAsync(i, port, loggers));
            }

            devices._devices.AddRange(await Task.WhenAll(starting));
        }

        return devices;
    }

    /// <summary>How many devices' MQTT links are connected now.</summary>
    public int Connected => _devices.Count(d => d.App.Mqtt?.State == MqttLinkState.Connected);

    public async ValueTask DisposeAsync()
    {
        foreach ((EspWsApp app, SimulatedBoard board) in _devices)
        {
            await app.OnShutdown();
            board.Dispose();
        }
    }

    private static async Task<(EspWsApp, SimulatedBoard)> StartOneAsync(int index, int port, ILoggerFactory loggers)
    {
        var settings = new EspWsSettings
        {
            Server = new ServerSettings { BindAddress = "127.0.0.1", Port = 0, MaxClients = 4, PingInterval = TimeSpan.Zero },
            WiFi = new WiFiSettings { MaxAttempts = 1 },
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
        var app = new EspWsApp(board, settings, new Dictionary<string, string?>(), loggers, TimeProvider.System, CancellationToken.None);
        await app.Initialize();
        await app.Run();
        return (app, board);
    }
}
