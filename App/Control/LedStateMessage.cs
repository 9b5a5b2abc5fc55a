using System.Text.Json;

namespace EspWs.App.Control;

/// <summary>
/// The JSON message that tells clients the LED's state: <c>{"type":"led","on":true,"seq":3}</c>
/// (docs/protocol.md fixes the schema).
/// </summary>
public static class LedStateMessage
{
    /// <summary>Builds the message for <paramref name="isOn"/> as the <paramref name="sequence"/>-th state since start.</summary>
    public static byte[] ToUtf8(bool isOn, long sequence)
    {
        using var stream = new MemoryStream(48);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("type", "led");
            json.WriteBoolean("on", isOn);
            json.WriteNumber("seq", sequence);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
