using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Mqtt;

/// <summary>A press of the simulated board's button, end to end: the LED toggles, and WebSocket clients, MQTT and Home Assistant all hear the press.</summary>
public class MqttButtonTests
{
    [Fact]
    public async Task A_click_toggles_the_led_and_every_client_mqtt_and_home_assistant_see_the_press()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port), buttonPin: "D04");
        Assert.True(await device.ConnectedAsync());
        using ClientWebSocket first = await ClientMessages.ConnectAsync(device.WebSocketUri);
        using ClientWebSocket second = await ClientMessages.ConnectAsync(device.WebSocketUri);
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, device.Topics.ButtonEvent, device.Topics.State);

        device.Board.PressButton(device.Board.Pins.D04);
        await Task.Delay(120);
        device.Board.ReleaseButton(device.Board.Pins.D04);

        foreach (ClientWebSocket client in new[] { first, second })
        {
            Assert.Equal("""{"type":"button","event":"click"}""", await ClientMessages.ReceiveTextAsync(client));
            using JsonDocument state = JsonDocument.Parse(await ClientMessages.ReceiveTextAsync(client));
            Assert.True(state.RootElement.GetProperty("on").GetBoolean());
        }

        Assert.True(await homeAssistant.WaitForAsync(device.Topics.ButtonEvent, p => p == """{"event_type":"press_end"}"""));
        Assert.True(await homeAssistant.WaitForAsync(device.Topics.State, p => LightState.Of(p) == "ON"));
        Assert.DoesNotContain(homeAssistant.Messages, m => m.Topic == device.Topics.ButtonEvent && m.Retained);
        Assert.True(device.LedIsOn);
    }

    [Fact]
    public async Task The_button_is_announced_to_home_assistant_as_an_event_entity_with_the_standard_button_types()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port), buttonPin: "D04");
        Assert.True(await device.ConnectedAsync());

        string? config = await MqttObserver.ReadRetainedAsync(broker.Port, $"homeassistant/event/{device.Topics.NodeId}/button/config");

        Assert.NotNull(config);
        using JsonDocument json = JsonDocument.Parse(config);
        Assert.Equal($"espws_{device.Topics.NodeId}_button", json.RootElement.GetProperty("unique_id").GetString());
        Assert.Equal("button", json.RootElement.GetProperty("device_class").GetString());
        Assert.Equal(device.Topics.ButtonEvent, json.RootElement.GetProperty("state_topic").GetString());
        Assert.Equal(["press_end", "multi_press_end", "long_press_end"], json.RootElement.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Without_a_button_pin_no_event_entity_is_announced()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        Assert.NotNull(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.DiscoveryConfig));

        Assert.Null(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.ButtonDiscoveryConfig));
    }
}
