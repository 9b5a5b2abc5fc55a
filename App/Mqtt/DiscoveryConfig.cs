using System.Text.Encodings.Web;
using System.Text.Json;

namespace EspWs.App.Mqtt;

/// <summary>Home Assistant's MQTT discovery config for the LED: a <c>light</c> with the default schema (payloads <c>ON</c>/<c>OFF</c>).</summary>
public static class DiscoveryConfig
{
    // The config is read by Home Assistant's JSON parser, never embedded in HTML, so '+' in the version may stay as it is.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns the retained config payload for the device of <paramref name="topics"/>, running on <paramref name="board"/> at <paramref name="version"/>.</summary>
    public static byte[] ToUtf8(MqttTopics topics, string board, string version)
    {
        ArgumentNullException.ThrowIfNull(topics);
        using var stream = new MemoryStream(640);
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("name", "LED");
            json.WriteString("unique_id", $"espws_{topics.NodeId}_{MqttTopics.ObjectId}");
            json.WriteString("command_topic", topics.Command);
            json.WriteString("state_topic", topics.State);
            json.WriteString("availability_topic", topics.Availability);
            json.WriteString("payload_available", MqttPayloads.Online);
            json.WriteString("payload_not_available", MqttPayloads.Offline);
            json.WriteString("payload_on", MqttPayloads.On);
            json.WriteString("payload_off", MqttPayloads.Off);
            json.WriteNumber("qos", 1);
            // Home Assistant must not retain commands: a retained ON would switch the LED back on at every reconnect.
            json.WriteBoolean("retain", false);
            json.WriteBoolean("optimistic", false);
            json.WriteStartObject("device");
            json.WriteStartArray("identifiers");
            json.WriteStringValue("espws_" + topics.NodeId);
            json.WriteEndArray();
            json.WriteString("name", "EspWs " + topics.NodeId);
            json.WriteString("manufacturer", "EspWs");
            json.WriteString("model", $"EspWs ({board} board)");
            json.WriteString("sw_version", version);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
