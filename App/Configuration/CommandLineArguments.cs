namespace EspWs.App.Configuration;

/// <summary>Picks the configuration arguments out of a command line and leaves the rest to the app.</summary>
/// <remarks>
/// The CommandLine provider would take any <c>--name</c> as a key and swallow the next argument as its value, so
/// an app switch such as <c>--state-diagram</c> would eat whatever follows it. Only arguments whose name has a
/// <c>:</c> (a section and a key), and <c>--config</c>, belong to configuration.
/// </remarks>
internal static class CommandLineArguments
{
    /// <summary>The option that names the configuration file.</summary>
    public const string ConfigOption = "--config";

    private const string OptionPrefix = "--";
    private const string Source = "the command line";

    /// <summary>Splits <paramref name="args"/> into the configuration's part and the caller's part.</summary>
    public static CommandLineSplit Split(IReadOnlyList<string> args)
    {
        string? configPath = null;
        var entries = new List<ConfigurationEntry>();
        var remaining = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var separator = arg.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? arg : arg[..separator];
            var isConfigFile = name == ConfigOption;
            var isSetting = name.StartsWith(OptionPrefix, StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal);
            if (!isConfigFile && !isSetting)
            {
                remaining.Add(arg);
                continue;
            }

            string value;
            if (separator >= 0)
            {
                value = arg[(separator + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                return Failed($"Command-line option '{name}' has no value: write {name}=VALUE or {name} VALUE.", remaining);
            }

            if (!isConfigFile)
            {
                entries.Add(new ConfigurationEntry(name[OptionPrefix.Length..], value, Source));
            }
            else if (value.Length == 0)
            {
                return Failed($"Command-line option '{ConfigOption}' needs the path of a configuration file.", remaining);
            }
            else
            {
                configPath = value;
            }
        }

        return new CommandLineSplit(configPath, entries, remaining, Error: null);
    }

    private static CommandLineSplit Failed(string error, IReadOnlyList<string> remaining) =>
        new(ConfigPath: null, Entries: [], remaining, error);
}
