using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EspWs.App.Control;

namespace EspWs.App.PowerOn;

/// <summary>
/// The state file's one line, <c>espws-led 2 on 40 42 1f2e3d4c</c>: a marker with the format's version, the state, its
/// brightness in percent, its <c>seq</c>, and a checksum of what precedes it, so that a truncated, corrupt or foreign
/// file is told from a real one.
/// </summary>
/// <remarks>Version 1 (<c>espws-led 1 on 42 ...</c>, before the LED could dim) is still read, as full brightness.</remarks>
public static class LedStateFormat
{
    /// <summary>The most bytes a state file can hold; anything longer is not one of ours.</summary>
    public const int MaxBytes = 64;

    private const string Marker = "espws-led 2";
    private const string MarkerVersion1 = "espws-led 1";
    private const int ChecksumHexLength = 8;

    /// <summary>Returns the file's content for <paramref name="state"/>, a newline included.</summary>
    public static byte[] Write(LedState state)
    {
        string body = string.Create(CultureInfo.InvariantCulture, $"{Marker} {(state.IsOn ? "on" : "off")} {state.Brightness} {state.Sequence}");
        return Encoding.ASCII.GetBytes($"{body} {Checksum(body)}\n");
    }

    /// <summary>Reads a file's content; false, with what is wrong in <paramref name="problem"/>, when it is not a state this format wrote.</summary>
    public static bool TryRead(ReadOnlySpan<byte> content, out LedState state, out string problem)
    {
        state = default;
        if (content.Length == 0)
        {
            problem = "it is empty";
            return false;
        }

        if (content.Length > MaxBytes || content[^1] != (byte)'\n' || !Ascii.IsValid(content))
        {
            problem = "it is not an EspWs state file (too long, not one line of ASCII, or cut short)";
            return false;
        }

        string line = Encoding.ASCII.GetString(content[..^1]);
        int lastSpace = line.LastIndexOf(' ');
        bool version1 = line.StartsWith(MarkerVersion1 + " ", StringComparison.Ordinal);
        if (!(version1 || line.StartsWith(Marker + " ", StringComparison.Ordinal)) || lastSpace < 0)
        {
            problem = $"it does not start with '{Marker}'";
            return false;
        }

        string body = line[..lastSpace];
        if (!string.Equals(line[(lastSpace + 1)..], Checksum(body), StringComparison.Ordinal))
        {
            problem = "its checksum does not match (a torn or corrupted write)";
            return false;
        }

        string[] fields = body[(Marker.Length + 1)..].Split(' ');
        if (version1 && fields.Length > 0)
        {
            // Written before the LED could dim: it was lit at full brightness.
            fields = [fields[0], LedRequest.MaxBrightness.ToString(CultureInfo.InvariantCulture), .. fields[1..]];
        }

        if (fields is not [string level and ("on" or "off"), string percent, string seq]
            || !int.TryParse(percent, NumberStyles.None, CultureInfo.InvariantCulture, out int brightness)
            || brightness is < 1 or > LedRequest.MaxBrightness
            || !long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
        {
            problem = "its state is not 'on' or 'off' followed by a brightness from 1 to 100 and a sequence number";
            return false;
        }

        state = new LedState(level == "on", sequence, brightness);
        problem = "";
        return true;
    }

    // A truncated SHA-256 costs nothing at one write a second and needs no package; it detects, it does not protect.
    private static string Checksum(string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(body)), 0, ChecksumHexLength / 2);
}
