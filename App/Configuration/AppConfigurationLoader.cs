using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace EspWs.App.Configuration;

/// <summary>Loads <see cref="EspWsSettings"/> from app.config.yaml, <c>ESPWS_</c> environment variables and the command line.</summary>
/// <remarks>
/// Later sources win: the file, then environment variables, then command-line arguments. Nothing here throws for
/// bad input; every problem comes back as one line in <see cref="ConfigurationLoadResult"/>.
/// </remarks>
public static class AppConfigurationLoader
{
    /// <summary>The configuration file's name, looked for next to the app's binary unless <c>--config</c> says otherwise.</summary>
    public const string FileName = "app.config.yaml";

    /// <summary>The prefix of environment variables that set configuration keys, e.g. <c>ESPWS_Server__Port</c>.</summary>
    public const string EnvironmentPrefix = "ESPWS_";

    /// <summary>The secrets that may only come from an environment variable, never from the file or the command line.</summary>
    internal static readonly string[] EnvironmentOnlyKeys = ["Mqtt:Password"];

    /// <summary>The keys the settings accept; <c>Logging:Console</c> is read by the console logger itself, whose many options the settings do not mirror.</summary>
    internal static readonly SettingKeyCatalog Catalog = SettingKeyCatalog.Build(new EspWsSettings(), "Logging:Console");

    /// <summary>Loads, binds and validates the configuration; never throws for a bad file, variable or argument.</summary>
    /// <param name="args">The app's command line; only <c>--config</c> and <c>--Section:Key</c> arguments are read.</param>
    /// <param name="knownBoardNames">The board names <c>Board:Name</c> may take.</param>
    /// <param name="environment">The environment variables to read; null reads the process's own.</param>
    /// <param name="baseDirectory">Where the default app.config.yaml lies; null means <see cref="AppContext.BaseDirectory"/>.</param>
    public static ConfigurationLoadResult Load(
        string[] args,
        IReadOnlyCollection<string> knownBoardNames,
        IDictionary? environment = null,
        string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(knownBoardNames);

        var commandLine = CommandLineArguments.Split(args);
        if (commandLine.Error is not null)
        {
            return Failed(commandLine.Error, new ConfigurationBuilder().Build(), [], commandLine.RemainingArgs);
        }

        var filePath = Path.GetFullPath(commandLine.ConfigPath ?? Path.Combine(baseDirectory ?? AppContext.BaseDirectory, FileName));
        var fileSource = commandLine.ConfigPath ?? FileName;
        if (!File.Exists(filePath))
        {
            return Failed($"Configuration file '{filePath}' was not found.", new ConfigurationBuilder().Build(), [], commandLine.RemainingArgs);
        }

        if (!TryReadFile(filePath, out var file, out var fileError))
        {
            return Failed(fileError, new ConfigurationBuilder().Build(), [], commandLine.RemainingArgs);
        }

        var fileEntries = file.AsEnumerable().Select(pair => new ConfigurationEntry(pair.Key, pair.Value, fileSource)).ToList();
        var warnings = new List<string>();
        var environmentEntries = RepeatedKeys.KeepOne(
            EnvironmentVariableEntries.Read(environment ?? Environment.GetEnvironmentVariables(), EnvironmentPrefix), Catalog.IsDocumentedSpelling, warnings);
        var commandLineEntries = RepeatedKeys.KeepOne(commandLine.Entries, Catalog.IsDocumentedSpelling, warnings);
        var merged = new ConfigurationBuilder()
            .AddConfiguration(file)
            .AddInMemoryCollection(environmentEntries.Select(entry => KeyValuePair.Create(entry.Key, entry.Value)))
            .AddInMemoryCollection(commandLineEntries.Select(entry => KeyValuePair.Create(entry.Key, entry.Value)))
            .Build();

        var errors = new List<string>();
        ReportUnknownKeys(fileEntries.Concat(environmentEntries).Concat(commandLineEntries), warnings);
        RefuseSecretsOutsideEnvironment(fileEntries.Concat(commandLineEntries), errors);
        var canonicalValues = CheckValues(merged, errors);
        var configuration = new ConfigurationBuilder().AddConfiguration(merged).AddInMemoryCollection(canonicalValues).Build();
        if (errors.Count > 0)
        {
            return Failed(string.Join(Environment.NewLine, errors), configuration, warnings, commandLine.RemainingArgs);
        }

        if (!TryBind(configuration, out var settings, out var bindError))
        {
            return Failed(bindError, configuration, warnings, commandLine.RemainingArgs);
        }

        errors.AddRange(EspWsSettingsValidator.Validate(settings, knownBoardNames, key => merged[key]));
        if (errors.Count == 0)
        {
            TlsSettingsCheck.Check(settings, DateTimeOffset.UtcNow, errors, warnings);
            MqttTlsSettingsCheck.Check(settings.Mqtt, DateTimeOffset.UtcNow, errors, warnings);
        }

        if (errors.Count > 0)
        {
            return Failed(string.Join(Environment.NewLine, errors), configuration, warnings, commandLine.RemainingArgs);
        }

        // Board names are matched without regard to case; hand the caller the spelling it knows.
        settings.Board.Name = knownBoardNames.First(name => name.Equals(settings.Board.Name, StringComparison.OrdinalIgnoreCase));
        return new ConfigurationLoadResult(settings, configuration, warnings, error: null, commandLine.RemainingArgs);
    }

    private static bool TryReadFile(string filePath, out IConfigurationRoot file, out string error)
    {
        error = "";
        try
        {
            file = new ConfigurationBuilder().AddYamlFile(filePath, optional: false, reloadOnChange: false).Build();
            return true;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException or FormatException)
        {
            // The provider wraps YamlDotNet's error, which carries the line and column, in a generic one.
            var reason = (exception.InnerException ?? exception).Message;
            error = OneLine($"Configuration file '{filePath}' could not be read: {reason}");
            file = new ConfigurationBuilder().Build();
            return false;
        }
    }

    private static void ReportUnknownKeys(IEnumerable<ConfigurationEntry> entries, List<string> warnings)
    {
        foreach (var entry in entries)
        {
            // A key without a value only holds other keys; those are checked on their own.
            if (entry.Value is not null && Catalog.Classify(entry.Key, out _) == SettingKeyKind.Unknown)
            {
                warnings.Add($"Unknown configuration key '{entry.Key}' (from {entry.Source}) is ignored.");
            }
        }
    }

    // A secret in the file is read by whoever reads the file, one on the command line by whoever lists processes.
    private static void RefuseSecretsOutsideEnvironment(IEnumerable<ConfigurationEntry> entries, List<string> errors)
    {
        foreach (var entry in entries)
        {
            if (!string.IsNullOrEmpty(entry.Value) && EnvironmentOnlyKeys.Contains(entry.Key, StringComparer.OrdinalIgnoreCase))
            {
                var variable = EnvironmentPrefix + entry.Key.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
                errors.Add($"{entry.Key} = (hidden) is not allowed in {entry.Source}: set it only through the environment variable {variable}.");
            }
        }
    }

    private static Dictionary<string, string?> CheckValues(IConfiguration merged, List<string> errors)
    {
        var canonicalValues = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in merged.AsEnumerable().OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (value is null)
            {
                continue;
            }

            var kind = Catalog.Classify(key, out var valueType);
            if (kind == SettingKeyKind.Value)
            {
                if (SettingValueParser.TryNormalize(valueType!, value, out var canonical, out var expected))
                {
                    canonicalValues[key] = canonical;
                }
                else
                {
                    errors.Add($"{key} = '{value}' is not valid: {expected}.");
                }
            }
            else if (kind == SettingKeyKind.Section && value.Length > 0)
            {
                errors.Add($"{key} = '{value}' is not valid: a section of keys, not a single value.");
            }
        }

        return canonicalValues;
    }

    private static bool TryBind(IConfiguration configuration, [NotNullWhen(true)] out EspWsSettings? settings, out string error)
    {
        error = "";
        try
        {
            settings = configuration.Get<EspWsSettings>() ?? new EspWsSettings();
            return true;
        }
        catch (InvalidOperationException exception)
        {
            // Values are checked before binding, so this is a type the checks do not know; still one line.
            settings = null;
            error = OneLine(exception.Message);
            return false;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static ConfigurationLoadResult Failed(
        string error, IConfiguration configuration, IReadOnlyList<string> warnings, IReadOnlyList<string> remainingArgs) =>
        new(settings: null, configuration, warnings, error, remainingArgs);
}
