using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Mqtt;

/// <summary>One LED, two protocols: commands from the command topic and from WebSocket clients meet in the one controller.</summary>
public class MqttCommandTests
{
    [Theory]
    [InlineData("ON", true)]
    [InlineData("TOGGLE", true)]
    [InlineData(" on\n", true)]
    public async Task Command_topic_lights_the_led_and_every_websocket_client_hears_the_next_seq(string payload, bool lit)
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        using ClientWebSocket first = await ClientMessages.ConnectAsync(device.WebSocketUri);
        using ClientWebSocket second = await ClientMessages.ConnectAsync(device.WebSocketUri);
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, device.Topics.State);

        await homeAssistant.PublishAsync(device.Topics.Command, payload);

        foreach (ClientWebSocket client in new[] { first, second })
        {
            using JsonDocument state = JsonDocument.Parse(await ClientMessages.ReceiveTextAsync(client));
            Assert.Equal(lit, state.RootElement.GetProperty("on").GetBoolean());
            Assert.Equal(1, state.RootElement.GetProperty("seq").GetInt64());
        }

        Assert.Equal(lit, device.LedIsOn);
        Assert.True(await homeAssistant.WaitForAsync(device.Topics.State, p => LightState.Of(p) == "ON"));
    }

    [Fact]
    public async Task Websocket_OFF_after_ON_is_published_retained_on_the_state_topic()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, device.Topics.State);
        using ClientWebSocket page = await ClientMessages.ConnectAsync(device.WebSocketUri);

        await ClientMessages.SendTextAsync(page, "ON");
        Assert.True(await homeAssistant.WaitForAsync(device.Topics.State, p => LightState.Of(p) == "ON"));
        await ClientMessages.SendTextAsync(page, "OFF");
        Assert.True(await homeAssistant.WaitForAsync(device.Topics.State, p => LightState.Of(p) == "OFF" && homeAssistant.Messages.Count(m => m.Topic == device.Topics.State) >= 3));

        Assert.Equal("OFF", LightState.Of(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State)));
        Assert.False(device.LedIsOn);
    }

    public static TheoryData<string, byte[]> BadPayloads => new()
    {
        { "unknown word", "ONION"u8.ToArray() },
        { "binary", [0x00, 0x01, 0xFE, 0xFF] },
        { "invalid UTF-8", [(byte)'O', 0xC3, 0x28] },
        { "oversized", System.Text.Encoding.ASCII.GetBytes("ON" + new string(' ', 200)) },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task Bad_payload_is_ignored_with_a_warning_and_leaves_the_led_unchanged(string kind, byte[] payload)
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        await using MqttObserver sender = await MqttObserver.WatchAsync(broker.Port, device.Topics.State);

        await sender.PublishAsync(device.Topics.Command, payload);
        Assert.True(await TestTimeout.Until(() => device.Log.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("ignored", StringComparison.Ordinal))), kind);
        // The link still works after it: STATUS behind the bad payload is answered with the state, still OFF.
        await sender.PublishAsync(device.Topics.Command, "STATUS");
        Assert.True(await TestTimeout.Until(() => sender.Messages.Count(m => m.Topic == device.Topics.State) >= 2), kind);

        Assert.False(device.LedIsOn, kind);
        Assert.Equal(["OFF"], sender.Messages.Where(m => m.Topic == device.Topics.State).Select(m => LightState.Of(m.Payload)).Distinct());
        Assert.Equal(EspWs.App.Mqtt.MqttLinkState.Connected, device.Link.State);
    }

    [Fact]
    public async Task Retained_command_is_ignored_so_a_reconnect_does_not_switch_the_led_again()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        EspWs.App.Configuration.MqttSettings settings = MqttDevice.Settings(broker.Port);
        await using (MqttObserver publisher = await MqttObserver.WatchAsync(broker.Port, "none"))
        {
            await publisher.PublishAsync($"espws/{settings.NodeId}/led/command", "ON", retain: true);
        }

        await using MqttDevice device = await MqttDevice.StartAsync(settings);
        Assert.True(await device.ConnectedAsync());
        Assert.True(await TestTimeout.Until(() => device.Log.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("retained command", StringComparison.Ordinal))));

        Assert.False(device.LedIsOn);
    }
}
