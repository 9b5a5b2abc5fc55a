using System.Net.WebSockets;
using EspWs.App.Configuration;
using EspWs.App.Mqtt;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Mqtt;

/// <summary>A broker that is down, restarts or refuses the device never stops the device from serving, and it comes back announced.</summary>
public class MqttFaultTests
{
    [Fact]
    public async Task Broker_down_at_start_the_app_serves_websocket_clients_warns_once_and_joins_when_the_broker_comes()
    {
        int port = LoopbackPort.Free();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(port));
        using ClientWebSocket client = await ClientMessages.ConnectAsync(device.WebSocketUri);
        await ClientMessages.SendTextAsync(client, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        Assert.True(await TestTimeout.Until(() => device.Link.State == MqttLinkState.Lost));
        // Several attempts at the backoff (250 ms, 500 ms, 1 s, 1 s...), one warning.
        await Task.Delay(2500);
        Assert.Single(device.Log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("cannot join", StringComparison.Ordinal));
        Assert.True(device.Log.Lines.Count(l => l.Message.Contains("cannot join", StringComparison.Ordinal)) >= 3, "it kept trying");

        await using Mosquitto broker = await Mosquitto.StartAsync(port: port);

        Assert.True(await TestTimeout.Until(() => device.Link.State == MqttLinkState.Connected, TimeSpan.FromSeconds(3)),
            "joined within Mqtt:ReconnectInterval (1 s) of the broker's return, with room for a slow machine");
        Assert.Equal("online", await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.Availability));
        Assert.Equal("ON", LightState.Of(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State)));
        Assert.NotNull(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.DiscoveryConfig));
    }

    [Fact]
    public async Task Broker_restart_loses_nothing_the_device_must_announce_again()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        using ClientWebSocket client = await ClientMessages.ConnectAsync(device.WebSocketUri);
        await ClientMessages.SendTextAsync(client, "ON");
        var states = new List<MqttLinkState>();
        device.Link.StateChanged += state => { lock (states) { states.Add(state); } };

        // Persistence is off, so the restarted broker has forgotten every retained message.
        await broker.StopAsync();
        Assert.True(await TestTimeout.Until(() => device.Link.State == MqttLinkState.Lost));
        await broker.RestartAsync();

        Assert.True(await device.ConnectedAsync());
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

        await using MqttDevice device = await MqttDevice.StartAsync(settings);
        await Task.Delay(3000);

        Assert.Equal(MqttLinkState.Lost, device.Link.State);
        (LogLevel _, string error) = Assert.Single(device.Log.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains("refused", error);
        Assert.Contains("Mqtt:Username", error);
        Assert.DoesNotContain("wrong-pass", string.Join('\n', device.Log.Lines.Select(l => l.Message)));
        int attempts = device.Log.Lines.Count(l => l.Message.Contains("refused", StringComparison.Ordinal));
        Assert.InRange(attempts, 3, 8);
        using ClientWebSocket client = await ClientMessages.ConnectAsync(device.WebSocketUri);
        Assert.Equal(WebSocketState.Open, client.State);
    }
}
