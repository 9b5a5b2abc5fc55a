using System.Text.Json;

namespace EspWs.App.Control;

/// <summary>
/// Reads a JSON command, one flat object of known members, into a request; anything else is refused with the reason.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonReader"/> reads the bytes in place, with no reflection (Native AOT safe) and nothing allocated but
/// on a refusal. A command is small, so the input is capped at <see cref="MaxBytes"/> before it is read at all, and a
/// nested value is refused at depth 2, so neither a huge nor a deep document costs more than a glance.
/// </remarks>
public static class LedJsonReader
{
    /// <summary>The longest JSON command, in bytes; a longer one is refused unread.</summary>
    public const int MaxBytes = 256;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 2 };

    /// <summary>True when <paramref name="json"/> is a valid command of <paramref name="dialect"/>; otherwise <paramref name="error"/> says what is wrong.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, LedJsonDialect dialect, out LedRequest request, out string error)
    {
        request = default;
        if (json.Length > MaxBytes)
        {
            error = $"a JSON command is at most {MaxBytes} bytes, this one is {json.Length}";
            return false;
        }

        try
        {
            return TryReadObject(new Utf8JsonReader(json, Options), dialect, out request, out error);
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON (at byte {ex.BytePositionInLine ?? 0})";
            return false;
        }
    }

    private static bool TryReadObject(Utf8JsonReader reader, LedJsonDialect dialect, out LedRequest request, out string error)
    {
        request = default;
        bool home = dialect == LedJsonDialect.HomeAssistant;
        string onName = home ? "state" : "on";
        int maxBrightness = home ? 255 : LedRequest.MaxBrightness;
        bool? on = null;
        int? brightness = null;
        TimeSpan? transition = null;

        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "a JSON command is one object, such as " + (home ? """{"state":"ON","brightness":128}""" : """{"on":true,"brightness":40}""");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? member = Known(ref reader, onName);
            if (member is null)
            {
                error = $"unknown member \"{reader.GetString()}\"; a command has {onName}, brightness and transition";
                return false;
            }

            bool repeated = member == onName ? on is not null : member == "brightness" ? brightness is not null : transition is not null;
            if (repeated)
            {
                error = $"\"{member}\" is given twice";
                return false;
            }

            reader.Read();
            error = member switch
            {
                "brightness" => ReadBrightness(ref reader, maxBrightness, out brightness),
                "transition" => ReadTransition(ref reader, out transition),
                _ => home ? ReadState(ref reader, out on) : ReadOn(ref reader, out on),
            };
            if (error.Length > 0)
            {
                return false;
            }
        }

        // The reader throws on anything but white space after the object; a second value is refused the same way.
        if (reader.Read())
        {
            error = "a JSON command is one object and nothing after it";
            return false;
        }

        return Decide(on, brightness is { } b ? ToPercent(b, maxBrightness) : null, transition ?? TimeSpan.Zero, onName, out request, out error);
    }

    private static bool Decide(bool? on, int? brightness, TimeSpan transition, string onName, out LedRequest request, out string error)
    {
        request = default;
        if (on is null && brightness is null)
        {
            error = $"a command needs \"{onName}\" or \"brightness\"";
            return false;
        }

        if (on == true && brightness == 0)
        {
            error = "brightness 0 is off; it cannot go with " + (onName == "on" ? "\"on\":true" : "\"state\":\"ON\"");
            return false;
        }

        bool lit = on ?? brightness > 0;
        request = new LedRequest(lit ? LedCommand.On : LedCommand.Off, Brightness: brightness ?? 0, Transition: transition);
        error = "";
        return true;
    }

    private static string? Known(ref Utf8JsonReader reader, string onName)
    {
        if (reader.ValueTextEquals(onName))
        {
            return onName;
        }

        return reader.ValueTextEquals("brightness"u8) ? "brightness" : reader.ValueTextEquals("transition"u8) ? "transition" : null;
    }

    private static string ReadOn(ref Utf8JsonReader reader, out bool? on)
    {
        on = reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return on is null ? "\"on\" must be true or false" : "";
    }

    private static string ReadState(ref Utf8JsonReader reader, out bool? on)
    {
        on = reader.TokenType != JsonTokenType.String ? null
            : reader.ValueTextEquals("ON"u8) ? true
            : reader.ValueTextEquals("OFF"u8) ? false
            : null;
        return on is null ? "\"state\" must be \"ON\" or \"OFF\"" : "";
    }

    private static string ReadBrightness(ref Utf8JsonReader reader, int max, out int? brightness)
    {
        brightness = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int value) && value >= 0 && value <= max ? value : null;
        return brightness is null ? $"\"brightness\" must be a whole number from 0 to {max}" : "";
    }

    private static string ReadTransition(ref Utf8JsonReader reader, out TimeSpan? transition)
    {
        transition = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double seconds)
            && seconds >= 0 && seconds <= LedRequest.MaxTransition.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : null;
        return transition is null ? $"\"transition\" must be a number of seconds from 0 to {LedRequest.MaxTransition.TotalSeconds:0}" : "";
    }

    // Home Assistant's 0 to 255 is read to the nearest percent, and a lit value never rounds down to off.
    private static int ToPercent(int value, int max) =>
        max == LedRequest.MaxBrightness || value == 0 ? value : Math.Max(1, (int)Math.Round(value * 100.0 / max, MidpointRounding.AwayFromZero));
}
