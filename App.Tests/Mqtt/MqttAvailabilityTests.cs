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
        await using OnlineApp online = await OnlineApp.StartAsync();

        online.App.Signal(15);
        await online.App.WaitForExitAsync();

        Assert.Equal(0, online.App.ExitCode);
        // The broker forwards the app's last publish to the observer on its own time: wait for it, do not race it.
        Assert.True(await online.HomeAssistant.WaitForAsync(online.Availability, p => p == "offline"), "the observer never saw offline");
        Assert.Contains("published offline", online.App.Output);
        Assert.Equal("offline", await MqttObserver.ReadRetainedAsync(online.Broker.Port, online.Availability));
    }

    [Fact]
    public async Task Killed_app_is_shown_offline_by_its_will()
    {
        await using OnlineApp online = await OnlineApp.StartAsync();

        online.App.Signal(9);

        Assert.True(await online.HomeAssistant.WaitForAsync(online.Availability, p => p == "offline", TimeSpan.FromSeconds(KeepAliveSeconds * 1.5)));
        Assert.DoesNotContain("published offline", online.App.Output);
    }

    [Fact]
    public async Task Frozen_app_is_shown_offline_within_one_and_a_half_keepalives()
    {
        await using OnlineApp online = await OnlineApp.StartAsync();

        // SIGSTOP keeps the socket open but silent, as a device whose network vanished: only the keepalive can tell.
        online.App.Signal(19);
        var silent = Stopwatch.StartNew();
        bool offline = await online.HomeAssistant.WaitForAsync(online.Availability, p => p == "offline", TimeSpan.FromSeconds((KeepAliveSeconds * 1.5) + 7));
        silent.Stop();
        online.App.Signal(9);

        Assert.True(offline);
        // Never before the keepalive could lapse. Debian's mosquitto 2.0.11 counts whole seconds and checks lazily (docs/mqtt.md):
        // 3.3 to 4.9 s here with a 2 s keepalive, once over 6 s on a loaded machine, so the upper bound is generous.
        Assert.InRange(silent.Elapsed.TotalSeconds, KeepAliveSeconds, (KeepAliveSeconds * 1.5) + 7);
    }

    /// <summary>A broker, the app as its own process joined to it with a short keepalive, and Home Assistant watching it come online.</summary>
    private sealed class OnlineApp : IAsyncDisposable
    {
        private OnlineApp(Mosquitto broker, Support.AppProcess app, MqttObserver homeAssistant, string availability)
        {
            Broker = broker;
            App = app;
            HomeAssistant = homeAssistant;
            Availability = availability;
        }

        public Mosquitto Broker { get; }

        public Support.AppProcess App { get; }

        public MqttObserver HomeAssistant { get; }

        public string Availability { get; }

        public static async Task<OnlineApp> StartAsync()
        {
            Mosquitto broker = await Mosquitto.StartAsync();
            string node = "proc-" + Guid.NewGuid().ToString("N")[..10];
            var app = Support.AppProcess.Start("--Server:BindAddress=127.0.0.1", "--Server:Port=0", "--Mqtt:Host=127.0.0.1",
                $"--Mqtt:Port={broker.Port}", $"--Mqtt:NodeId={node}", $"--Mqtt:KeepAlive={KeepAliveSeconds}s", "--Mqtt:ReconnectInterval=1s");
            await app.WaitForPortAsync();
            string availability = $"espws/{node}/status";
            MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, availability);
            var online = new OnlineApp(broker, app, homeAssistant, availability);
            Assert.True(await homeAssistant.WaitForAsync(availability, p => p == "online"), "the app never came online");
            return online;
        }

        public async ValueTask DisposeAsync()
        {
            await HomeAssistant.DisposeAsync();
            await App.DisposeAsync();
            await Broker.DisposeAsync();
        }
    }
}
