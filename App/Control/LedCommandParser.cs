using System.Buffers.Text;
using System.Text;

namespace EspWs.App.Control;

/// <summary>
/// Recognises a command in a text message: a word (<c>ON</c>, <c>OFF</c>, <c>TOGGLE</c>, <c>STATUS</c>), <c>BRIGHTNESS</c>
/// with a percentage and an optional fade in seconds, or a JSON object; trimmed, words compared ignoring ASCII case.
/// </summary>
/// <remarks>A message that is none of these is answered only by its echo, and costs no allocation here.</remarks>
public static class LedCommandParser
{
    private static readonly string[] Words = ["ON", "OFF", "TOGGLE", "STATUS"];
    private static readonly LedCommand[] WordCommands = [LedCommand.On, LedCommand.Off, LedCommand.Toggle, LedCommand.Status];
    private const string BrightnessUsage = "BRIGHTNESS takes a whole percentage from 0 to 100 and, optionally, a fade in seconds: BRIGHTNESS 40 1.5";

    /// <summary>
    /// Reads <paramref name="utf8"/>: <see cref="LedParse.Command"/> with the <paramref name="request"/>, <see cref="LedParse.Invalid"/>
    /// with the <paramref name="error"/> to tell the sender, or <see cref="LedParse.NotACommand"/>. <c>ON</c> and <c> on </c>
    /// are commands, <c>ONION</c> is not.
    /// </summary>
    public static LedParse Parse(ReadOnlySpan<byte> utf8, out LedRequest request, out string error)
    {
        request = default;
        error = "";
        ReadOnlySpan<byte> text = utf8.Trim(" \t\r\n"u8);
        if (text.Length > 0 && text[0] == (byte)'{')
        {
            return LedJsonReader.TryRead(text, LedJsonDialect.WebSocket, out request, out error) ? LedParse.Command : LedParse.Invalid;
        }

        if (text.Length > 10 && Ascii.EqualsIgnoreCase(text[..11], "BRIGHTNESS "u8))
        {
            return TryReadBrightness(text[11..].TrimStart(" "u8), out request, out error) ? LedParse.Command : LedParse.Invalid;
        }

        if (!TryReadWord(text, out LedCommand command))
        {
            return LedParse.NotACommand;
        }

        request = command;
        return LedParse.Command;
    }

    private static bool TryReadWord(ReadOnlySpan<byte> text, out LedCommand command)
    {
        for (int i = 0; i < Words.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(text, Words[i]))
            {
                command = WordCommands[i];
                return true;
            }
        }

        command = default;
        return false;
    }

    // BRIGHTNESS n [seconds]: the same rules as the JSON's brightness and transition, with 0 meaning off.
    private static bool TryReadBrightness(ReadOnlySpan<byte> arguments, out LedRequest request, out string error)
    {
        request = default;
        error = BrightnessUsage;
        if (!Utf8Parser.TryParse(arguments, out int percent, out int used) || percent is < 0 or > LedRequest.MaxBrightness)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = arguments[used..];
        TimeSpan transition = TimeSpan.Zero;
        if (rest.Length > 0)
        {
            ReadOnlySpan<byte> seconds = rest.TrimStart(" "u8);
            if (seconds.Length == rest.Length || !Utf8Parser.TryParse(seconds, out double value, out int read) || read != seconds.Length
                || !(value >= 0 && value <= LedRequest.MaxTransition.TotalSeconds))
            {
                return false;
            }

            transition = TimeSpan.FromSeconds(value);
        }

        request = new LedRequest(percent == 0 ? LedCommand.Off : LedCommand.On, Brightness: percent, Transition: transition);
        error = "";
        return true;
    }
}
