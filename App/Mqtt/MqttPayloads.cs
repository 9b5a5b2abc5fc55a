using System.Text.Json;
using EspWs.App.Control;

namespace EspWs.App.Mqtt;

/// <summary>The payloads the device publishes (docs/mqtt.md).</summary>
public static class MqttPayloads
{
    /// <summary>Availability while the device is connected.</summary>
    public const string Online = "online";

    /// <summary>Availability once the device is gone: its will, and what it publishes when it stops.</summary>
    public const string Offline = "offline";

    /// <summary>The state of a lit LED, and the command that lights it.</summary>
    public const string On = "ON";

    /// <summary>The state of a dark LED, and the command that puts it out.</summary>
    public const string Off = "OFF";

    /// <summary>
    /// The LED's state in Home Assistant's JSON schema: <c>{"state":"ON","color_mode":"brightness","brightness":128}</c> for
    /// an LED that dims (brightness 1 to 255, kept while off), <c>{"state":"ON","color_mode":"onoff"}</c> for one that cannot.
    /// </summary>
    public static byte[] State(LedState state, bool dimmable)
    {
        using var stream = new MemoryStream(64);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("state", state.IsOn ? On : Off);
            json.WriteString("color_mode", dimmable ? "brightness" : "onoff");
            if (dimmable)
            {
                json.WriteNumber("brightness", ToHomeAssistant(state.Brightness));
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A press of the button for Home Assistant's event entity, in its standard button event types: <c>press_end</c>
    /// (a click), <c>long_press_end</c>, and <c>multi_press_end</c> with <c>multi_press_count</c> 2 (a double click).
    /// </summary>
    public static byte[] ButtonPress(ButtonEvent press)
    {
        using var stream = new MemoryStream(64);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("event_type", EventType(press));
            if (press == ButtonEvent.DoubleClick)
            {
                json.WriteNumber("multi_press_count", 2);
            }

            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>The event type Home Assistant is told for <paramref name="press"/>.</summary>
    public static string EventType(ButtonEvent press) => press switch
    {
        ButtonEvent.Click => "press_end",
        ButtonEvent.DoubleClick => "multi_press_end",
        _ => "long_press_end",
    };

    // Percent to Home Assistant's 0 to 255, to the nearest step: 50 % is 128.
    private static int ToHomeAssistant(int percent) => (int)Math.Round(percent * 255.0 / LedRequest.MaxBrightness, MidpointRounding.AwayFromZero);
}
