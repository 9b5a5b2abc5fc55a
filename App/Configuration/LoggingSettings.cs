using Microsoft.Extensions.Logging;

namespace EspWs.App.Configuration;

/// <summary>The <c>Logging</c> section, laid out as Meadow and Microsoft.Extensions.Logging read it.</summary>
/// <remarks>
/// The section is also handed whole to the logging builder (<see cref="ConfigurationLoadResult.Configuration"/>),
/// which is why <c>Logging:Console:*</c> is accepted without being modelled here.
/// </remarks>
public sealed class LoggingSettings : ISettingsSection
{
    /// <summary>The category name whose level applies to every category without its own entry.</summary>
    public const string DefaultCategory = "Default";

    /// <summary>Gets the minimum level per log category; <c>Default</c> is <see cref="LogLevel.Information"/>.</summary>
    public Dictionary<string, LogLevel> LogLevel { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultCategory] = Microsoft.Extensions.Logging.LogLevel.Information,
    };
}
