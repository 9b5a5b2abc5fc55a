using System.Globalization;

namespace EspWs.Fuzz.Harness;

/// <summary>Reads an AFL dictionary (<c>name="value"</c> lines with <c>\xNN</c> escapes) into its tokens.</summary>
internal static class AflDictionary
{
    /// <summary>Returns the tokens of the dictionary at <paramref name="path"/>; comments and blank lines are skipped.</summary>
    public static List<byte[]> Load(string path)
    {
        var tokens = new List<byte[]>();
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            int open = line.IndexOf('"', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] == '#' || open < 0 || line[^1] != '"' || open == line.Length - 1)
            {
                continue;
            }

            tokens.Add(Unescape(line[(open + 1)..^1]));
        }

        return tokens;
    }

    private static byte[] Unescape(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 3 < value.Length && value[i + 1] == 'x')
            {
                bytes.Add(byte.Parse(value.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
            }
            else if (value[i] == '\\' && i + 1 < value.Length)
            {
                bytes.Add((byte)value[i + 1]);
                i++;
            }
            else
            {
                bytes.Add((byte)value[i]);
            }
        }

        return [.. bytes];
    }
}
