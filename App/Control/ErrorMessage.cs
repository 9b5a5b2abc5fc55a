using System.Text.Encodings.Web;
using System.Text.Json;

namespace EspWs.App.Control;

/// <summary>
/// The JSON message that tells one client why its command was refused, the LED being unchanged:
/// <c>{"type":"error","code":"invalid","message":"..."}</c> (docs/protocol.md lists the codes).
/// </summary>
public static class ErrorMessage
{
    // Clients read the message as JSON and show it as text, never as HTML, so its quotes may stay as they are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The code of a command that is malformed, out of range or has unknown members.</summary>
    public const string Invalid = "invalid";

    /// <summary>The code of a brightness, step or fade sent to an LED that can only switch.</summary>
    public const string NotDimmable = "not-dimmable";

    /// <summary>Builds the message for <paramref name="code"/> with the human-readable <paramref name="message"/>.</summary>
    public static byte[] ToUtf8(string code, string message)
    {
        using var stream = new MemoryStream(96);
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteString("type", "error");
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
