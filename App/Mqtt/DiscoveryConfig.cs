using System.Text.Encodings.Web;
using System.Text.Json;
using EspWs.App.Control;

namespace EspWs.App.Mqtt;

/// <summary>
/// Home Assistant's MQTT discovery configs: the LED as a <c>light</c> in the JSON schema (with brightness and transition
/// where it dims), and the push button as an <c>event</c> entity.
/// </summary>
public static class DiscoveryConfig
{
    // The config is read by Home Assistant's JSON parser, never embedded in HTML, so '+' in the version may stay as it is.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns the retained light config for the device of <paramref name="topics"/>, on <paramref name="board"/> at <paramref name="version"/>.</summary>
    /// <remarks>The unique id is the one the default-schema config had, so an entity Home Assistant already knows carries on.</remarks>
    public static byte[] Light(MqttTopics topics, string board, string version, bool dimmable)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return Write(json =>
        {
            json.WriteString("name", "LED");
            json.WriteString("unique_id", $"espws_{topics.NodeId}_{MqttTopics.ObjectId}");
            json.WriteString("schema", "json");
            json.WriteString("command_topic", topics.Command);
            json.WriteString("state_topic", topics.State);
            json.WriteStartArray("supported_color_modes");
            json.WriteStringValue(dimmable ? "brightness" : "onoff");
            json.WriteEndArray();
            if (dimmable)
            {
                json.WriteBoolean("brightness", true);
                json.WriteNumber("brightness_scale", 255);
                json.WriteBoolean("transition", true);
            }

            json.WriteBoolean("flash", false);
            json.WriteNumber("qos", 1);
            // Home Assistant must not retain commands: a retained ON would switch the LED back on at every reconnect.
            json.WriteBoolean("retain", false);
            json.WriteBoolean("optimistic", false);
            WriteCommon(json, topics, board, version);
        });
    }

    /// <summary>Returns the retained event config of the push button of the device of <paramref name="topics"/>.</summary>
    public static byte[] Button(MqttTopics topics, string board, string version)
    {
        ArgumentNullException.ThrowIfNull(topics);
        return Write(json =>
        {
            json.WriteString("name", "Button");
            json.WriteString("unique_id", $"espws_{topics.NodeId}_{MqttTopics.ButtonObjectId}");
            json.WriteString("device_class", "button");
            json.WriteString("state_topic", topics.ButtonEvent);
            json.WriteStartArray("event_types");
            foreach (ButtonEvent press in Enum.GetValues<ButtonEvent>())
            {
                json.WriteStringValue(MqttPayloads.EventType(press));
            }

            json.WriteEndArray();
            json.WriteNumber("qos", 1);
            WriteCommon(json, topics, board, version);
        });
    }

    private static void WriteCommon(Utf8JsonWriter json, MqttTopics topics, string board, string version)
    {
        json.WriteString("availability_topic", topics.Availability);
        json.WriteString("payload_available", MqttPayloads.Online);
        json.WriteString("payload_not_available", MqttPayloads.Offline);
        json.WriteStartObject("device");
        json.WriteStartArray("identifiers");
        json.WriteStringValue("espws_" + topics.NodeId);
        json.WriteEndArray();
        json.WriteString("name", "EspWs " + topics.NodeId);
        json.WriteString("manufacturer", "EspWs");
        json.WriteString("model", $"EspWs ({board} board)");
        json.WriteString("sw_version", version);
        json.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream(768);
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
