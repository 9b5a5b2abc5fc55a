using EspWs.App.Control;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Control;

public class LedControllerLogTests
{
    [Fact]
    public async Task A_change_names_the_clients_slot_and_a_change_from_mqtt_names_its_source_alone()
    {
        var log = new CapturingLoggerFactory();
        var sent = new List<string>();
        using var led = new RecordingLed(sent);
        var client = new RecordingClient(3, sent);
        var controller = new LedController(led, new RecordingClients(client), new Logger<LedController>(log));

        controller.Apply(LedCommand.On, LedChangeSource.WebSocket, client);
        controller.Apply(LedCommand.Off, LedChangeSource.Mqtt, sender: null);
        Assert.True(await controller.WhenAppliedAsync(TestTimeout.Default));

        string[] changes = [.. log.Lines.Select(l => l.Message).Where(m => m.StartsWith("LED ", StringComparison.Ordinal))];
        Assert.Equal(2, changes.Length);
        Assert.Contains("from WebSocket (slot 3);", changes[0]);
        Assert.Contains("from Mqtt;", changes[1]);
        Assert.DoesNotContain("slot", changes[1]);
    }
}
