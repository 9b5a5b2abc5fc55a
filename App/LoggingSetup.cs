using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EspWs.App;

/// <summary>Builds the console logging the app uses, with levels from the <c>Logging</c> section (Meadow's keys).</summary>
public static class LoggingSetup
{
    /// <summary>A logger factory writing one line per entry to the console, filtered by <c>Logging:LogLevel</c>.</summary>
    public static ILoggerFactory Create(IConfiguration configuration) =>
        LoggerFactory.Create(builder => builder
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            }));
}
