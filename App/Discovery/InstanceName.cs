using System.Globalization;
using System.Text;

namespace EspWs.App.Discovery;

/// <summary>The names the device goes by on the network: its service instance name and its host label, and how a conflict renames them (RFC 6762 §9).</summary>
public static class InstanceName
{
    /// <summary>The longest instance name, in UTF-8 bytes (RFC 6763 §4.1.1: one DNS label).</summary>
    public const int MaxBytes = 63;

    /// <summary>True when <paramref name="name"/> is 1 to 63 bytes of UTF-8 without control characters (RFC 6763 §4.1.1).</summary>
    public static bool IsValid(string name) =>
        name.Length > 0 && Encoding.UTF8.GetByteCount(name) <= MaxBytes && !name.Any(char.IsControl);

    /// <summary>The name to announce: <paramref name="configured"/>, else <paramref name="nodeId"/>, else <paramref name="hostName"/> (cut to fit).</summary>
    public static string Choose(string configured, string nodeId, string hostName)
    {
        string name = configured.Length > 0 ? configured : nodeId.Length > 0 ? nodeId : hostName;
        name = new string([.. name.Where(c => !char.IsControl(c))]);
        return name.Length == 0 ? "EspWs" : Fit(name, "");
    }

    /// <summary>The host label for <c>HOST.local</c>: letters, digits and hyphens of <paramref name="hostName"/>'s first label.</summary>
    public static string HostLabel(string hostName)
    {
        string first = hostName.Split('.')[0];
        string label = new([.. first.Take(MaxBytes).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        label = label.Trim('-');
        return label.Length == 0 ? "espws" : label;
    }

    /// <summary>The <paramref name="attempt"/>th name after a conflict: "Kitchen (2)", as RFC 6763 §9 suggests for people's names.</summary>
    public static string Renamed(string original, int attempt) =>
        Fit(original, string.Create(CultureInfo.InvariantCulture, $" ({attempt})"));

    /// <summary>The <paramref name="attempt"/>th host label after a conflict: "raspberrypi-2" (a host name keeps to letters, digits and hyphens).</summary>
    public static string RenamedHost(string original, int attempt) =>
        Fit(original, string.Create(CultureInfo.InvariantCulture, $"-{attempt}"));

    // Cuts the base, never the suffix, and never in the middle of a UTF-16 surrogate pair.
    private static string Fit(string name, string suffix)
    {
        int room = MaxBytes - Encoding.UTF8.GetByteCount(suffix);
        var kept = new StringBuilder();
        foreach (Rune rune in name.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(kept.ToString()) + rune.Utf8SequenceLength > room)
            {
                break;
            }

            kept.Append(rune.ToString());
        }

        return kept + suffix;
    }
}
