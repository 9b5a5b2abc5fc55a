using System.Buffers;
using System.Text.Unicode;
using EspWs.App.Control;

namespace EspWs.App.Mqtt;

/// <summary>Reads a command from a command-topic payload, or says why the payload is refused.</summary>
public static class MqttCommandReader
{
    /// <summary>
    /// True when <paramref name="payload"/> is one command: Home Assistant's JSON (<c>{"state":"ON","brightness":128,"transition":2}</c>),
    /// or a word as the WebSocket reads it (<c>ON</c>, <c>OFF</c>, <c>TOGGLE</c>, <c>STATUS</c>, <c>BRIGHTNESS 40</c>); otherwise
    /// <paramref name="refusal"/> names the reason: too large, not UTF-8, malformed or out of range, unknown.
    /// </summary>
    public static bool TryRead(ReadOnlySequence<byte> payload, int maxBytes, out LedRequest request, out string refusal)
    {
        request = default;
        if (payload.Length > maxBytes)
        {
            refusal = $"{payload.Length} bytes is more than Mqtt:MaxCommandBytes ({maxBytes})";
            return false;
        }

        // The payload is capped above, so a copy of a payload the client split into segments stays small.
        ReadOnlySpan<byte> bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        if (!Utf8.IsValid(bytes))
        {
            refusal = "the payload is not valid UTF-8";
            return false;
        }

        ReadOnlySpan<byte> text = bytes.Trim(" \t\r\n"u8);
        if (text.Length > 0 && text[0] == (byte)'{')
        {
            return LedJsonReader.TryRead(text, LedJsonDialect.HomeAssistant, out request, out refusal);
        }

        switch (LedCommandParser.Parse(text, out request, out refusal))
        {
            case LedParse.Command:
                return true;
            case LedParse.NotACommand:
                refusal = "the payload is not ON, OFF, TOGGLE, STATUS, BRIGHTNESS n or a JSON command";
                return false;
            default:
                return false;
        }
    }
}
