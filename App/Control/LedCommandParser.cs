using System.Text;

namespace EspWs.App.Control;

/// <summary>Recognises a command in a text message: the whole message, trimmed, compared ignoring ASCII case.</summary>
public static class LedCommandParser
{
    /// <summary>True when <paramref name="utf8"/> is exactly one command, so <c>ON</c> and <c> on </c> match but <c>ONION</c> does not.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out LedCommand command)
    {
        ReadOnlySpan<byte> text = utf8.Trim(" \t\r\n"u8);
        if (Ascii.EqualsIgnoreCase(text, "ON"u8))
        {
            command = LedCommand.On;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "OFF"u8))
        {
            command = LedCommand.Off;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "TOGGLE"u8))
        {
            command = LedCommand.Toggle;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "STATUS"u8))
        {
            command = LedCommand.Status;
            return true;
        }

        command = default;
        return false;
    }
}
