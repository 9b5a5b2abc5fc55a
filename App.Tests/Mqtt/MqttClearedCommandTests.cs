using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Mqtt;

/// <summary>Clearing a retained command (an empty retained payload, <c>mosquitto_pub -r -n</c>) is how a user undoes one: ignored quietly.</summary>
public class MqttClearedCommandTests
{
    [Fact]
    public async Task Empty_payload_on_the_command_topic_is_ignored_without_a_warning()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        await using MqttObserver publisher = await MqttObserver.WatchAsync(broker.Port, "none");

        await publisher.PublishAsync(device.Topics.Command, [], retain: true);
        await publisher.PublishAsync(device.Topics.Command, "ON");

        // The ON came after the empty payload on the same connection, so the empty one was handled by then.
        Assert.True(await TestTimeout.Until(() => device.LedIsOn));
        Assert.DoesNotContain(device.Log.Lines, l => l.Level >= LogLevel.Warning);
    }
}
