using System.Text.Json;
using EspWs.App.Mqtt;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Mqtt;

/// <summary>What Home Assistant reads from the broker: the retained light config, availability and state, and their return after its birth message.</summary>
public class MqttDiscoveryTests
{
    [Fact]
    public async Task Discovery_config_is_a_retained_json_schema_light_that_dims_with_the_unique_id_device_block_and_topics()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        MqttTopics topics = device.Topics;

        string? config = await MqttObserver.ReadRetainedAsync(broker.Port, $"homeassistant/light/{topics.NodeId}/led/config");

        Assert.NotNull(config);
        using JsonDocument json = JsonDocument.Parse(config);
        JsonElement root = json.RootElement;
        Assert.Equal($"espws_{topics.NodeId}_led", root.GetProperty("unique_id").GetString());
        Assert.Equal($"espws/{topics.NodeId}/led/command", root.GetProperty("command_topic").GetString());
        Assert.Equal($"espws/{topics.NodeId}/led/state", root.GetProperty("state_topic").GetString());
        Assert.Equal($"espws/{topics.NodeId}/status", root.GetProperty("availability_topic").GetString());
        Assert.Equal("json", root.GetProperty("schema").GetString());
        Assert.Equal(["brightness"], root.GetProperty("supported_color_modes").EnumerateArray().Select(m => m.GetString()));
        Assert.True(root.GetProperty("brightness").GetBoolean());
        Assert.Equal(255, root.GetProperty("brightness_scale").GetInt32());
        Assert.True(root.GetProperty("transition").GetBoolean());
        Assert.False(root.TryGetProperty("payload_on", out _));
        JsonElement deviceBlock = root.GetProperty("device");
        Assert.Equal($"espws_{topics.NodeId}", Assert.Single(deviceBlock.GetProperty("identifiers").EnumerateArray()).GetString());
        Assert.Contains(topics.NodeId, deviceBlock.GetProperty("name").GetString());
        Assert.Contains("simulated", deviceBlock.GetProperty("model").GetString());
        Assert.Equal(AppVersion.Text, deviceBlock.GetProperty("sw_version").GetString());
    }

    [Fact]
    public async Task Availability_online_and_state_off_are_retained_after_connect()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());

        Assert.Equal("online", await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.Availability));
        Assert.Equal("OFF", LightState.Of(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State)));
    }

    [Fact]
    public async Task Home_assistant_birth_message_makes_the_device_publish_discovery_and_state_again()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, device.Topics.DiscoveryConfig, device.Topics.State);
        Assert.True(await homeAssistant.WaitForAsync(device.Topics.DiscoveryConfig, p => p.Length > 0));
        // An empty retained config removes the entity, as a Home Assistant that lost its broker's store would have none.
        await homeAssistant.PublishAsync(device.Topics.DiscoveryConfig, "", retain: true);
        Assert.Null(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.DiscoveryConfig));

        int configsBefore = homeAssistant.Messages.Count(m => m.Topic == device.Topics.DiscoveryConfig && m.Payload.Length > 0);

        await homeAssistant.PublishAsync("homeassistant/status", "online");

        Assert.True(await TestTimeout.Until(() =>
            homeAssistant.Messages.Count(m => m.Topic == device.Topics.DiscoveryConfig && m.Payload.Length > 0) > configsBefore));
        Assert.True(await TestTimeout.Until(() => homeAssistant.Messages.Count(m => m.Topic == device.Topics.State) == 2),
            "the state came again after the birth, once");
        Assert.NotNull(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.DiscoveryConfig));
    }
}
