using System.Text;

namespace EspWs.App.Discovery.Dns;

/// <summary>
/// Domain names in presentation form (labels joined by dots, a dot or backslash inside a label escaped with a
/// backslash, RFC 6763 §4.3) and their wire form (RFC 1035 §3.1, with the compression of §4.1.4 when read).
/// </summary>
public static class DnsName
{
    /// <summary>The longest label, in bytes (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelBytes = 63;

    /// <summary>The longest name on the wire, in bytes (RFC 1035 §2.3.4).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>Compares names as DNS does: ignoring case.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>Joins <paramref name="label"/>, escaped, in front of the name <paramref name="rest"/>.</summary>
    public static string Prepend(string label, string rest) => Escape(label) + "." + rest;

    /// <summary>Splits <paramref name="name"/> into its labels, undoing the escapes.</summary>
    public static List<string> Labels(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var labels = new List<string>();
        var label = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '\\' && i + 1 < name.Length)
            {
                label.Append(name[++i]);
            }
            else if (c == '.')
            {
                labels.Add(label.ToString());
                label.Clear();
            }
            else
            {
                label.Append(c);
            }
        }

        if (label.Length > 0)
        {
            labels.Add(label.ToString());
        }

        return labels;
    }

    /// <summary>The first label of <paramref name="name"/>, unescaped: a service instance's own name.</summary>
    public static string FirstLabel(string name) => Labels(name) is [var first, ..] ? first : "";

    /// <summary>The uncompressed wire form of <paramref name="name"/>, ending with the root's empty label.</summary>
    public static byte[] ToWire(string name)
    {
        var bytes = new List<byte>(name.Length + 2);
        foreach (string label in Labels(name))
        {
            byte[] encoded = Encoding.UTF8.GetBytes(label);
            bytes.Add((byte)encoded.Length);
            bytes.AddRange(encoded);
        }

        bytes.Add(0);
        return [.. bytes];
    }

    /// <summary>
    /// Reads a name at <paramref name="offset"/> of <paramref name="packet"/>, following compression pointers (which
    /// must point backwards, so a loop cannot hold the reader); moves the offset past the name as written there.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, ref int offset, out string name)
    {
        name = "";
        var text = new StringBuilder();
        int position = offset;
        int end = -1;
        int total = 1;
        while (true)
        {
            if (position >= packet.Length)
            {
                return false;
            }

            byte length = packet[position];
            if ((length & 0xC0) == 0xC0)
            {
                // RFC 1035 §4.1.4: a 14-bit offset to the rest of the name.
                if (position + 1 >= packet.Length)
                {
                    return false;
                }

                int target = ((length & 0x3F) << 8) | packet[position + 1];
                if (target >= position)
                {
                    return false;
                }

                if (end < 0)
                {
                    end = position + 2;
                }

                position = target;
                continue;
            }

            if (length > MaxLabelBytes)
            {
                return false;
            }

            if (length == 0)
            {
                offset = end < 0 ? position + 1 : end;
                name = text.ToString();
                return true;
            }

            total += length + 1;
            if (total > MaxNameBytes || position + 1 + length > packet.Length)
            {
                return false;
            }

            if (text.Length > 0)
            {
                text.Append('.');
            }

            text.Append(Escape(Encoding.UTF8.GetString(packet.Slice(position + 1, length))));
            position += 1 + length;
        }
    }

    private static string Escape(string label) =>
        label.Contains('.', StringComparison.Ordinal) || label.Contains('\\', StringComparison.Ordinal)
            ? label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(".", "\\.", StringComparison.Ordinal)
            : label;
}
