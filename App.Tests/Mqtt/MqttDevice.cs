using EspWs.App.Configuration;
using EspWs.App.Mqtt;
using EspWs.App.Tests.Boards;
using EspWs.App.Tests.Support;
using EspWs.Hardware.Boards.Simulated;

namespace EspWs.App.Tests.Mqtt;

/// <summary>The whole EspWs app in this process, on a simulated board, with its MQTT link pointed at a test broker.</summary>
internal sealed class MqttDevice : IAsyncDisposable
{
    private readonly SimulatedBoard _board;
    private readonly AppHost _host;

    private MqttDevice(SimulatedBoard board, AppHost host, CapturingLoggerFactory log)
    {
        _board = board;
        _host = host;
        Log = log;
    }

    public CapturingLoggerFactory Log { get; }

    public SimulatedBoard Board => _board;

    public EspWsApp App => _host.App;

    public MqttLink Link => App.Mqtt!;

    public MqttTopics Topics => Link.Topics;

    public bool LedIsOn => App.Led!.IsOn;

    public Uri WebSocketUri => _host.WebSocketUri;

    public Uri StatusUri => new($"http://127.0.0.1:{App.Server!.LocalEndPoint.Port}/status");

    public static MqttSettings Settings(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        NodeId = "test-" + Guid.NewGuid().ToString("N")[..12],
        KeepAlive = TimeSpan.FromSeconds(5),
        ReconnectInterval = TimeSpan.FromSeconds(1),
    };

    public static async Task<MqttDevice> StartAsync(MqttSettings mqtt, string buttonPin = "")
    {
        var log = new CapturingLoggerFactory();
        var board = new SimulatedBoard(log, TimeProvider.System);
        EspWsSettings settings = AppHost.DefaultSettings();
        settings.Mqtt = mqtt;
        settings.Button.Pin = buttonPin;
        AppHost host = await AppHost.StartAsync(board, settings, log);
        return new MqttDevice(board, host, log);
    }

    public Task<bool> ConnectedAsync() => TestTimeout.Until(() => Link.State == MqttLinkState.Connected);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _board.Dispose();
    }
}
