using System.Buffers;
using System.Text.Unicode;
using EspWs.App.Control;

namespace EspWs.App.Mqtt;

/// <summary>Reads a command from a command-topic payload, or says why the payload is refused.</summary>
public static class MqttCommandReader
{
    /// <summary>
    /// True when <paramref name="payload"/> is one command (as the WebSocket reads it: <c>ON</c>, <c>OFF</c>, <c>TOGGLE</c> or
    /// <c>STATUS</c>, trimmed, any ASCII case); otherwise <paramref name="refusal"/> names the reason: too large, not UTF-8, unknown.
    /// </summary>
    public static bool TryRead(ReadOnlySequence<byte> payload, int maxBytes, out LedCommand command, out string refusal)
    {
        command = default;
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

        if (!LedCommandParser.TryParse(bytes, out command))
        {
            refusal = "the payload is not ON, OFF, TOGGLE or STATUS";
            return false;
        }

        refusal = "";
        return true;
    }
}
