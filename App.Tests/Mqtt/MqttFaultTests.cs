using System.Net.WebSockets;
using EspWs.App.Configuration;
using EspWs.App.Mqtt;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Mqtt;

/// <summary>A broker that is down, restarts or refuses the device never stops the device from serving, and it comes back announced.</summary>
public class MqttFaultTests
{
    [Fact]
    public async Task Broker_down_at_start_the_app_serves_websocket_clients_warns_once_and_joins_when_the_broker_comes()
    {
        int port = LoopbackPort.Free();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(port), new FakeTimeProvider());
        using ClientWebSocket client = await ClientMessages.ConnectAsync(device.WebSocketUri);
        await ClientMessages.SendTextAsync(client, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        Assert.True(await TestTimeout.Until(() => device.Link.State == MqttLinkState.Lost));

        TimeSpan wait = await WaitsOutBackoffAsync(device, attempts: 4);
        Assert.Equal(4, device.Log.Lines.Count(l => l.Message.Contains("cannot join", StringComparison.Ordinal)));
        Assert.Single(device.Log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("cannot join", StringComparison.Ordinal));

        await using Mosquitto broker = await Mosquitto.StartAsync(port: port);
        device.Clock!.Advance(wait);

        Assert.True(await device.ConnectedAsync(), "joined at the first attempt after the broker's return, within Mqtt:ReconnectInterval (1 s)");
        Assert.Equal("online", await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.Availability));
        Assert.Equal("ON", LightState.Of(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State)));
        Assert.NotNull(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.DiscoveryConfig));
    }

    [Fact]
    public async Task Broker_restart_loses_nothing_the_device_must_announce_again()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port), new FakeTimeProvider());
        Assert.True(await device.ConnectedAsync());
        using ClientWebSocket client = await ClientMessages.ConnectAsync(device.WebSocketUri);
        await ClientMessages.SendTextAsync(client, "ON");
        var states = new List<MqttLinkState>();
        device.Link.StateChanged += state => { lock (states) { states.Add(state); } };

        // Persistence is off, so the restarted broker has forgotten every retained message.
        await broker.StopAsync();
        Assert.True(await TestTimeout.Until(() => device.Link.State == MqttLinkState.Lost));
        await broker.RestartAsync();

        Assert.True(await device.AdvanceUntilAsync(() => device.Link.State == MqttLinkState.Connected));
        Assert.Equal("online", await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.Availability));
        Assert.Equal("ON", LightState.Of(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State)));
        Assert.NotNull(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.DiscoveryConfig));
        lock (states)
        {
            Assert.Equal([MqttLinkState.Lost, MqttLinkState.Connected], states);
        }
    }

    [Fact]
    public async Task Right_credentials_join_a_broker_that_refuses_anonymous_clients()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync(("espws", "s3cret-pass"));
        MqttSettings settings = MqttDevice.Settings(broker.Port);
        settings.Username = "espws";
        settings.Password = "s3cret-pass";

        await using MqttDevice device = await MqttDevice.StartAsync(settings);

        Assert.True(await device.ConnectedAsync());
        Assert.DoesNotContain(device.Log.Lines, l => l.Message.Contains("s3cret-pass", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("espws", "wrong-pass")]
    [InlineData("", "")]
    public async Task Wrong_or_missing_credentials_give_one_clear_error_and_retries_at_the_interval_without_crashing(string user, string password)
    {
        await using Mosquitto broker = await Mosquitto.StartAsync(("espws", "s3cret-pass"));
        MqttSettings settings = MqttDevice.Settings(broker.Port);
        settings.Username = user;
        settings.Password = password;

        await using MqttDevice device = await MqttDevice.StartAsync(settings, new FakeTimeProvider());
        await WaitsOutBackoffAsync(device, attempts: 5);

        Assert.Equal(MqttLinkState.Lost, device.Link.State);
        (LogLevel _, string error) = Assert.Single(device.Log.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("refused", error);
        Assert.Contains("Mqtt:Username", error);
        Assert.DoesNotContain("wrong-pass", string.Join('\n', device.Log.Lines.Select(l => l.Message)));
        Assert.Equal(5, device.Log.Lines.Count(l => l.Message.Contains("refused", StringComparison.Ordinal)));
        using ClientWebSocket client = await ClientMessages.ConnectAsync(device.WebSocketUri);
        Assert.Equal(WebSocketState.Open, client.State);
    }

    /// <summary>
    /// Lets the device make <paramref name="attempts"/> attempts, advancing its clock by each wait between them, and
    /// checks each wait: doubling from 250 ms up to Mqtt:ReconnectInterval (1 s), less up to a quarter. Returns the wait
    /// armed after the last attempt, not yet advanced.
    /// </summary>
    /// <remarks>The clock moves only here, so one attempt more than the waits advanced means the link did not wait for its backoff.</remarks>
    private static async Task<TimeSpan> WaitsOutBackoffAsync(MqttDevice device, int attempts)
    {
        TimeSpan wait = TimeSpan.Zero;
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                device.Clock!.Advance(wait);
            }

            wait = await device.NextWaitAsync();
            double full = Math.Min(250 * Math.Pow(2, attempt - 1), 1000);
            Assert.InRange(wait.TotalMilliseconds, full * 0.75, full);
        }

        Assert.Equal(attempts, device.Waits.Count);
        return wait;
    }
}
