using System.Globalization;
using System.Text.RegularExpressions;
using EspWs.App.Configuration;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Docs;

/// <summary>
/// protocol.md's Limits table (the clients' contract) and configuration.md's keys table give the same defaults,
/// because both are checked against the one place they come from: <see cref="ServerSettings"/>'s defaults.
/// </summary>
public sealed partial class LimitsDocumentationTests
{
    private static readonly ServerSettings Defaults = new();

    public static TheoryData<string, string> ProtocolLimits()
    {
        var rows = new TheoryData<string, string>();
        string protocol = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "protocol.md"));
        string table = protocol[protocol.IndexOf("## Limits", StringComparison.Ordinal)..];
        foreach (Match row in LimitRow().Matches(table))
        {
            string[] keys = [.. KeyName().Matches(row.Groups["keys"].Value).Select(m => m.Groups[1].Value)];
            string[] values = row.Groups["defaults"].Value.Split(',', StringSplitOptions.TrimEntries);
            Assert.Equal(keys.Length, values.Length);
            for (int i = 0; i < keys.Length; i++)
            {
                rows.Add(keys[i], values[i]);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(ProtocolLimits))]
    public void Protocol_md_gives_the_default_the_code_has(string key, string documented)
    {
        Assert.Equal(Default(key), Read(documented));
    }

    [Theory]
    [MemberData(nameof(ProtocolLimits))]
    public void Configuration_md_gives_the_same_default_for_each_limit(string key, string documentedInProtocol)
    {
        string configuration = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "configuration.md"));
        Match row = Regex.Match(configuration, $@"^\| `Server:{key}` \| `(?<value>[^`]+)`", RegexOptions.Multiline);
        Assert.True(row.Success, $"configuration.md has no row for Server:{key}");

        string value = row.Groups["value"].Value;
        decimal configured = value.Contains(':', StringComparison.Ordinal)
            ? (decimal)TimeSpan.ParseExact(value, "c", CultureInfo.InvariantCulture).TotalSeconds
            : decimal.Parse(value, CultureInfo.InvariantCulture);
        Assert.Equal(Read(documentedInProtocol), configured);
        Assert.Equal(Default(key), configured);
    }

    // A default as a number: bytes, a count, a rate in B/s, or seconds.
    private static decimal Default(string key)
    {
        object value = typeof(ServerSettings).GetProperty(key)?.GetValue(Defaults) ?? throw new InvalidOperationException($"no setting Server:{key}");
        return value is TimeSpan span ? (decimal)span.TotalSeconds : Convert.ToDecimal(value, CultureInfo.InvariantCulture);
    }

    // "1 MiB", "8 KiB", "240 B/s", "5 s", "64".
    private static decimal Read(string documented)
    {
        Match value = Quantity().Match(documented);
        Assert.True(value.Success, $"cannot read '{documented}'");
        decimal number = decimal.Parse(value.Groups["number"].Value, CultureInfo.InvariantCulture);
        return number * value.Groups["unit"].Value switch
        {
            "MiB" => 1024 * 1024,
            "KiB" => 1024,
            "min" => 60,
            "ms" => 0.001m,
            _ => 1,
        };
    }

    [GeneratedRegex(@"^\| [^|]+ \| (?<keys>`Server:[^|]+) \| (?<defaults>[^|]+) \|$", RegexOptions.Multiline)]
    private static partial Regex LimitRow();

    [GeneratedRegex(@"`Server:(\w+)`")]
    private static partial Regex KeyName();

    [GeneratedRegex(@"^(?<number>[0-9][0-9 ]*(\.[0-9]+)?)\s*(?<unit>MiB|KiB|B/s|min|s|ms)?$")]
    private static partial Regex Quantity();
}
