namespace EspWs.App.Configuration;

/// <summary>
/// Keeps one entry per key of one source (the environment or the command line) when the same key comes more than
/// once or in more than one case (<c>ESPWS_Server__Port</c> beside <c>ESPWS_SERVER__PORT</c>), with one warning.
/// </summary>
/// <remarks>
/// Keys are case-insensitive, so a second spelling is the same key given twice: the configuration providers would
/// throw on it. The entry written as the documentation writes the key wins; among several such (or none), the last.
/// </remarks>
internal static class RepeatedKeys
{
    /// <summary>Returns <paramref name="entries"/> with one entry per key, in their order, and a warning in <paramref name="warnings"/> for each key given more than once.</summary>
    public static IReadOnlyList<ConfigurationEntry> KeepOne(
        IReadOnlyList<ConfigurationEntry> entries, Func<string, bool> isDocumentedSpelling, List<string> warnings)
    {
        var kept = new List<ConfigurationEntry>();
        foreach (var group in entries.GroupBy(entry => entry.Key, StringComparer.OrdinalIgnoreCase))
        {
            var given = group.ToList();
            var winner = given.LastOrDefault(entry => isDocumentedSpelling(entry.Key)) ?? given[^1];
            kept.Add(winner);
            if (given.Count > 1)
            {
                var why = isDocumentedSpelling(winner.Key) ? "the last one written as documented" : "the last one";
                warnings.Add($"{winner.Key} is given {given.Count} times ({string.Join(", ", given.Select(Describe))}); "
                    + $"{why} is used: {Describe(winner)}.");
            }
        }

        return kept;
    }

    private static string Describe(ConfigurationEntry entry) => $"'{entry.Key}' from {entry.Source}";
}
