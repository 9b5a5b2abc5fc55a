using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace EspWs.App.Configuration;

/// <summary>What loading the configuration gave: the settings or the reason there are none, and any warnings.</summary>
public sealed class ConfigurationLoadResult
{
    internal ConfigurationLoadResult(
        EspWsSettings? settings,
        IConfiguration configuration,
        IReadOnlyList<string> warnings,
        string? error,
        IReadOnlyList<string> remainingArgs)
    {
        Settings = settings;
        Configuration = configuration;
        Warnings = warnings;
        Error = error;
        RemainingArgs = remainingArgs;
    }

    /// <summary>Gets the bound and validated settings, or null when <see cref="Error"/> is set.</summary>
    public EspWsSettings? Settings { get; }

    /// <summary>Gets the merged configuration (file, environment, command line), e.g. for the logging builder's <c>Logging</c> section.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>Gets one line per thing that was ignored, such as an unknown key; loading still succeeded.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Gets why the configuration cannot be used, one line per problem, or null when it can.</summary>
    public string? Error { get; }

    /// <summary>Gets the command-line arguments that are not configuration (e.g. <c>--state-diagram</c>), in order.</summary>
    public IReadOnlyList<string> RemainingArgs { get; }

    /// <summary>Gets a value indicating whether the settings loaded and passed validation.</summary>
    [MemberNotNullWhen(true, nameof(Settings))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Settings is not null;
}
