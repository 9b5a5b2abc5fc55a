using System.Globalization;
using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Mqtt;
using EspWs.App.Tests.Boards;
using EspWs.App.Tests.Support;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Mqtt;

/// <summary>The whole EspWs app in this process, on a simulated board, with its MQTT link pointed at a test broker.</summary>
internal sealed class MqttDevice : IAsyncDisposable
{
    private const string NextAttempt = "MQTT: next attempt in ";

    private readonly SimulatedBoard _board;
    private readonly AppHost _host;
    private int _waitsTaken;

    private MqttDevice(SimulatedBoard board, AppHost host, CapturingLoggerFactory log, FakeTimeProvider? clock)
    {
        _board = board;
        _host = host;
        Log = log;
        Clock = clock;
    }

    public CapturingLoggerFactory Log { get; }

    public SimulatedBoard Board => _board;

    /// <summary>The app's clock when the test drives it, or null when the app runs on the system clock.</summary>
    public FakeTimeProvider? Clock { get; }

    public EspWsApp App => _host.App;

    public MqttLink Link => App.Host!.Mqtt!;

    public MqttTopics Topics => Link.Topics;

    public bool LedIsOn => App.Host!.Led.IsOn;

    public Uri WebSocketUri => _host.WebSocketUri;

    public Uri StatusUri => new($"http://127.0.0.1:{App.Host!.EndPoint.Port}/status");

    /// <summary>The waits the link has armed before its attempts to reach the broker, in order, as its log tells them.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. Log.Lines
        .Where(l => l.Message.StartsWith(NextAttempt, StringComparison.Ordinal))
        .Select(l => TimeSpan.Parse(l.Message.AsSpan(NextAttempt.Length).TrimEnd('.'), CultureInfo.InvariantCulture))];

    public static MqttSettings Settings(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        NodeId = "test-" + Guid.NewGuid().ToString("N")[..12],
        KeepAlive = TimeSpan.FromSeconds(5),
        ReconnectInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>Starts the app with <paramref name="mqtt"/> (and a push button on <paramref name="buttonPin"/> when given); on <paramref name="clock"/> when given, which then moves only when the test advances it.</summary>
    public static async Task<MqttDevice> StartAsync(MqttSettings mqtt, FakeTimeProvider? clock = null, string buttonPin = "")
    {
        var log = new CapturingLoggerFactory();
        var board = new SimulatedBoard(log, TimeProvider.System, new SimulatedWiFiOptions { ConnectDelay = TimeSpan.Zero, IpAddress = IPAddress.Loopback });
        EspWsSettings settings = AppHost.DefaultSettings();
        settings.Mqtt = mqtt;
        settings.Button.Pin = buttonPin;
        AppHost host = await AppHost.StartAsync(board, settings, log, clock);
        return new MqttDevice(board, host, log, clock);
    }

    public Task<bool> ConnectedAsync() => TestTimeout.Until(() => Link.State == MqttLinkState.Connected);

    /// <summary>The next wait the link arms, once it has armed it (the link then sits on <see cref="Clock"/> until the test advances it).</summary>
    public async Task<TimeSpan> NextWaitAsync()
    {
        int index = _waitsTaken++;
        Assert.True(await TestTimeout.Until(() => Waits.Count > index), $"the link armed no wait number {index + 1}");
        return Waits[index];
    }

    /// <summary>Advances <see cref="Clock"/> by each wait the link arms until <paramref name="condition"/> holds; false when the link stops arming waits first.</summary>
    public async Task<bool> AdvanceUntilAsync(Func<bool> condition)
    {
        FakeTimeProvider clock = Clock ?? throw new InvalidOperationException("the device runs on the system clock");
        while (!condition())
        {
            if (!await TestTimeout.Until(() => condition() || Waits.Count > _waitsTaken))
            {
                return false;
            }

            if (!condition())
            {
                clock.Advance(Waits[_waitsTaken++]);
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Task stopping = _host.DisposeAsync().AsTask();
        if (Clock is not null)
        {
            // The app's bounded shutdown waits (offline to a broker already gone, clients closing) run on the test's clock.
            long deadline = Environment.TickCount64 + (long)TestTimeout.Default.TotalMilliseconds;
            while (!stopping.IsCompleted && Environment.TickCount64 < deadline)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(stopping, Task.Delay(10));
            }
        }

        await stopping;
        _board.Dispose();
    }
}
