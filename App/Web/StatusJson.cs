using System.Text.Encodings.Web;
using System.Text.Json;
using EspWs.App.Mqtt;

namespace EspWs.App.Web;

/// <summary>Writes a <see cref="DeviceStatus"/> as the JSON body of <c>GET /status</c>, with the members docs/protocol.md lists.</summary>
public static class StatusJson
{
    // The body is served as application/json with nosniff, never embedded in HTML, so '+' in the version may stay as it is.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns <paramref name="status"/> as UTF-8 JSON: board, led (on, brightness, dimmable, seq, a fade's transition), clients, maxClients, uptimeSeconds, version, mqtt, button, name, boardLink.</summary>
    public static byte[] ToUtf8(DeviceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        using var stream = new MemoryStream(192);
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("board", status.Board);
            json.WriteStartObject("led");
            json.WriteBoolean("on", status.Led.IsOn);
            json.WriteNumber("brightness", status.Led.Brightness);
            json.WriteBoolean("dimmable", status.Dimmable);
            json.WriteNumber("seq", status.Led.Sequence);
            if (status.Transition > TimeSpan.Zero)
            {
                json.WriteNumber("transition", Math.Round(status.Transition.TotalSeconds, 3));
            }

            json.WriteEndObject();
            json.WriteNumber("clients", status.Clients);
            json.WriteNumber("maxClients", status.MaxClients);
            json.WriteNumber("uptimeSeconds", (long)status.Uptime.TotalSeconds);
            json.WriteString("version", status.Version);
            json.WriteString("mqtt", MqttStateName(status.Mqtt));
            json.WriteBoolean("button", status.HasButton);
            json.WriteString("name", status.Name);
            json.WriteString("boardLink", status.BoardLinkUp ? "up" : "lost");
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static string MqttStateName(MqttLinkState state) => state switch
    {
        MqttLinkState.Connecting => "connecting",
        MqttLinkState.Connected => "connected",
        MqttLinkState.Lost => "lost",
        _ => "disabled",
    };
}
