using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Mqtt;

/// <summary>Home Assistant's JSON schema against a real mosquitto, both ways: brightness and fades in, retained JSON state out.</summary>
public class MqttBrightnessTests
{
    [Fact]
    public async Task A_home_assistant_json_command_dims_the_led_tells_every_client_and_comes_back_as_retained_json_state()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        using ClientWebSocket client = await ClientMessages.ConnectAsync(device.WebSocketUri);
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, device.Topics.State);

        await homeAssistant.PublishAsync(device.Topics.Command, """{"state":"ON","brightness":128,"transition":0.2}""");

        using (JsonDocument state = JsonDocument.Parse(await ClientMessages.ReceiveTextAsync(client)))
        {
            Assert.True(state.RootElement.GetProperty("on").GetBoolean());
            Assert.Equal(50, state.RootElement.GetProperty("brightness").GetInt32());
            Assert.Equal(0.2, state.RootElement.GetProperty("transition").GetDouble());
        }

        Assert.True(await homeAssistant.WaitForAsync(device.Topics.State, p => LightState.Of(p) == "ON" && LightState.Brightness(p) == 128));
        string? retained = await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State);
        Assert.Equal("""{"state":"ON","color_mode":"brightness","brightness":128}""", retained);
    }

    [Fact]
    public async Task A_websocket_brightness_is_published_in_home_assistants_scale()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, device.Topics.State);
        using ClientWebSocket page = await ClientMessages.ConnectAsync(device.WebSocketUri);

        await ClientMessages.SendTextAsync(page, """{"on":true,"brightness":40}""");
        Assert.True(await homeAssistant.WaitForAsync(device.Topics.State, p => LightState.Of(p) == "ON" && LightState.Brightness(p) == 102));
        await ClientMessages.SendTextAsync(page, "OFF");

        // The retained state at start is OFF too: wait for the OFF that keeps the brightness just set.
        Assert.True(await homeAssistant.WaitForAsync(device.Topics.State, p => LightState.Of(p) == "OFF" && LightState.Brightness(p) == 102));
        Assert.Equal("""{"state":"OFF","color_mode":"brightness","brightness":102}""", await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State));
    }

    [Theory]
    [InlineData("""{"state":"ON","brightness":300}""", "\"brightness\" must be a whole number from 0 to 255")]
    [InlineData("""{"state":"ON","transition":-1}""", "\"transition\" must be a number of seconds")]
    [InlineData("""{"state":"maybe"}""", "\"state\" must be \"ON\" or \"OFF\"")]
    [InlineData("""{"state":"ON","color":{"r":255}}""", "unknown member \"color\"")]
    [InlineData("""{"state":"ON",""", "not valid JSON")]
    public async Task A_bad_json_command_is_logged_with_its_reason_and_leaves_the_led_and_the_state_alone(string payload, string reason)
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, device.Topics.State);

        await homeAssistant.PublishAsync(device.Topics.Command, payload);

        Assert.True(await TestTimeout.Until(() => device.Log.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains(reason, StringComparison.Ordinal))),
            reason);
        Assert.False(device.LedIsOn);
        Assert.Equal("OFF", LightState.Of(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State)));
        Assert.Equal(0, device.App.Host!.Controller.State.Sequence);
    }
}
