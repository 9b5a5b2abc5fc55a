using System.Collections;
using Microsoft.Extensions.Configuration;

namespace EspWs.App.Configuration;

/// <summary>Reads the configuration keys carried by prefixed environment variables (<c>ESPWS_Server__Port</c>).</summary>
/// <remarks>
/// The EnvironmentVariables provider only reads the process's own environment; doing the same small mapping here
/// lets tests pass a dictionary and still run the code the app runs.
/// </remarks>
internal static class EnvironmentVariableEntries
{
    private const string SectionSeparator = "__";

    /// <summary>Returns one entry per variable starting with <paramref name="prefix"/>, ordered by variable name.</summary>
    public static IReadOnlyList<ConfigurationEntry> Read(IDictionary environment, string prefix)
    {
        var entries = new List<ConfigurationEntry>();
        foreach (DictionaryEntry variable in environment)
        {
            var name = variable.Key as string;
            if (name is null || name.Length <= prefix.Length || !name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = name[prefix.Length..].Replace(SectionSeparator, ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            entries.Add(new ConfigurationEntry(key, variable.Value?.ToString() ?? "", $"environment variable {name}"));
        }

        // The environment's order is the hash table's; sorting keeps warnings and "last one wins" repeatable.
        entries.Sort((left, right) => string.CompareOrdinal(left.Source, right.Source));
        return entries;
    }
}
