using System.Globalization;

namespace EspWs.App.Configuration;

/// <summary>Checks a configuration value against the type of its setting and writes it the way the binder reads it.</summary>
/// <remarks>
/// The binder's own failure names the key and the type but not in words a user of the app knows, and it does not
/// read duration shorthand such as <c>5s</c>; checking first gives one plain line per bad value.
/// </remarks>
internal static class SettingValueParser
{
    /// <summary>The durations the app accepts, in words, for error messages and the docs.</summary>
    public const string DurationFormats = "a duration such as 00:00:05 (hh:mm:ss[.fff]), 500ms, 5s, 2m or 1h";

    private static readonly (string Suffix, long TicksPerUnit)[] DurationUnits =
    [
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>Tries to read <paramref name="raw"/> as a <paramref name="type"/>, giving its canonical text or what is expected.</summary>
    public static bool TryNormalize(Type type, string raw, out string normalized, out string expected)
    {
        var text = raw.Trim();
        expected = "";
        normalized = raw;
        if (type == typeof(string))
        {
            return true;
        }

        if (type == typeof(int))
        {
            expected = "a whole number";
            var ok = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number);
            normalized = number.ToString(CultureInfo.InvariantCulture);
            return ok;
        }

        if (type == typeof(bool))
        {
            expected = "true or false";
            var ok = bool.TryParse(text, out var flag);
            normalized = flag ? "true" : "false";
            return ok;
        }

        if (type == typeof(TimeSpan))
        {
            expected = DurationFormats;
            var ok = TryParseDuration(text, out var duration);
            normalized = duration.ToString("c", CultureInfo.InvariantCulture);
            return ok;
        }

        if (type.IsEnum)
        {
            expected = "one of " + string.Join(", ", Enum.GetNames(type));
            // A comma would make Enum.TryParse combine two names into an unrelated third.
            object? member = null;
            var ok = !text.Contains(',', StringComparison.Ordinal)
                && Enum.TryParse(type, text, ignoreCase: true, out member)
                && Enum.IsDefined(type, member);
            normalized = ok ? member!.ToString()! : raw;
            return ok;
        }

        // Any other type is left to the binder, whose failure is still reported as one line.
        return true;
    }

    /// <summary>Reads a duration written as .NET's <c>[d.]hh:mm:ss[.fff]</c>, as <c>0</c>, or as a whole number with ms, s, m or h.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration);
        }

        // A bare number would be days to TimeSpan.Parse; only 0 is unambiguous without a unit.
        if (text == "0")
        {
            return true;
        }

        foreach (var (suffix, ticksPerUnit) in DurationUnits)
        {
            if (text.Length > suffix.Length
                && text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count <= TimeSpan.MaxValue.Ticks / ticksPerUnit)
            {
                duration = TimeSpan.FromTicks(count * ticksPerUnit);
                return true;
            }
        }

        return false;
    }
}
