using System.Diagnostics;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Mqtt;

/// <summary>The app as its own process: how Home Assistant learns it is gone, whether it stops cleanly, is killed or freezes.</summary>
public class MqttAvailabilityTests
{
    private const int KeepAliveSeconds = 2;

    [Fact]
    public async Task Sigterm_publishes_offline_before_the_app_exits()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        string node = "proc-" + Guid.NewGuid().ToString("N")[..10];
        string availability = $"espws/{node}/status";
        await using Support.AppProcess app = await StartAppAsync(broker, node);
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, availability);
        Assert.True(await homeAssistant.WaitForAsync(availability, p => p == "online"));

        app.Signal(15);
        await app.WaitForExitAsync();

        Assert.Equal(0, app.ExitCode);
        Assert.Equal("offline", homeAssistant.Last(availability));
        Assert.Contains("published offline", app.Output);
        Assert.Equal("offline", await MqttObserver.ReadRetainedAsync(broker.Port, availability));
    }

    [Fact]
    public async Task Killed_app_is_shown_offline_by_its_will()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        string node = "proc-" + Guid.NewGuid().ToString("N")[..10];
        string availability = $"espws/{node}/status";
        await using Support.AppProcess app = await StartAppAsync(broker, node);
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, availability);
        Assert.True(await homeAssistant.WaitForAsync(availability, p => p == "online"));

        app.Signal(9);

        Assert.True(await homeAssistant.WaitForAsync(availability, p => p == "offline", TimeSpan.FromSeconds(KeepAliveSeconds * 1.5)));
        Assert.DoesNotContain("published offline", app.Output);
    }

    [Fact]
    public async Task Frozen_app_is_shown_offline_within_one_and_a_half_keepalives()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        string node = "proc-" + Guid.NewGuid().ToString("N")[..10];
        string availability = $"espws/{node}/status";
        await using Support.AppProcess app = await StartAppAsync(broker, node);
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, availability);
        Assert.True(await homeAssistant.WaitForAsync(availability, p => p == "online"));

        // SIGSTOP keeps the socket open but silent, as a device whose network vanished: only the keepalive can tell.
        app.Signal(19);
        var silent = Stopwatch.StartNew();
        bool offline = await homeAssistant.WaitForAsync(availability, p => p == "offline", TimeSpan.FromSeconds(KeepAliveSeconds * 3));
        silent.Stop();
        app.Signal(9);

        Assert.True(offline);
        // mosquitto checks keepalives once a second, so allow that second on top of 1.5 × KeepAlive.
        Assert.InRange(silent.Elapsed.TotalSeconds, KeepAliveSeconds, (KeepAliveSeconds * 1.5) + 1);
    }

    private static async Task<Support.AppProcess> StartAppAsync(Mosquitto broker, string node)
    {
        Support.AppProcess app = Support.AppProcess.Start("--Server:BindAddress=127.0.0.1", "--Server:Port=0", "--Mqtt:Host=127.0.0.1",
            $"--Mqtt:Port={broker.Port}", $"--Mqtt:NodeId={node}", $"--Mqtt:KeepAlive={KeepAliveSeconds}s", "--Mqtt:ReconnectInterval=1s");
        await app.WaitForPortAsync();
        return app;
    }
}
