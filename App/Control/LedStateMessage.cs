using System.Text.Json;

namespace EspWs.App.Control;

/// <summary>
/// The JSON message that tells clients the LED's state: <c>{"type":"led","on":true,"brightness":40,"seq":3}</c>, with
/// <c>"transition":1.5</c> while a fade to that state runs (docs/protocol.md fixes the schema).
/// </summary>
public static class LedStateMessage
{
    /// <summary>Builds the message for <paramref name="state"/>, reached over <paramref name="transition"/> from now (zero: reached already).</summary>
    public static byte[] ToUtf8(LedState state, TimeSpan transition)
    {
        using var stream = new MemoryStream(80);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("type", "led");
            json.WriteBoolean("on", state.IsOn);
            json.WriteNumber("brightness", state.Brightness);
            json.WriteNumber("seq", state.Sequence);
            if (transition > TimeSpan.Zero)
            {
                // Milliseconds are the finest a fade is stepped at; more digits would only be noise.
                json.WriteNumber("transition", Math.Round(transition.TotalSeconds, 3));
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
