using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>The ESP32 board's log lines, generated once so logging costs no allocation when a level is off.</summary>
internal static partial class Esp32Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Pin} is a strapping pin: {Note}. It works, but what is wired to it can stop the ESP32 booting or being flashed")]
    public static partial void StrappingPin(this ILogger logger, string pin, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opening the link to the ESP32 over {Link}")]
    public static partial void Connecting(this ILogger logger, string link);

    [LoggerMessage(Level = LogLevel.Information, Message = "ESP32 linked over {Link} (address {Address}): firmware {Firmware} {Version}, Firmata {Protocol}")]
    public static partial void Connected(this ILogger logger, string link, string address, string firmware, Version version, Version protocol);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ESP32 over {Link} did not answer a health check within {Interval}")]
    public static partial void HealthCheckUnanswered(this ILogger logger, string link, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The link to the ESP32 over {Link} is lost: {Reason}. Retrying every {Interval}")]
    public static partial void Lost(this ILogger logger, string link, string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The ESP32 over {Link} is still unreachable: {Reason}")]
    public static partial void StillUnreachable(this ILogger logger, string link, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pin {Pin} (GPIO{Gpio}) is now {Level}")]
    public static partial void PinChanged(this ILogger logger, string pin, int gpio, string level);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pin {Pin} (GPIO{Gpio}) set {Level} while the link is down; it is applied when the link returns")]
    public static partial void PinHeld(this ILogger logger, string pin, int gpio, string level);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pin {Pin} (GPIO{Gpio}) duty cycle is now {DutyCycle:0.###}")]
    public static partial void DutyCycleChanged(this ILogger logger, string pin, int gpio, double dutyCycle);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pin {Pin} (GPIO{Gpio}) duty cycle set to {DutyCycle:0.###} while the link is down; it is applied when the link returns")]
    public static partial void DutyCycleHeld(this ILogger logger, string pin, int gpio, double dutyCycle);

    [LoggerMessage(Level = LogLevel.Information, Message = "The link to the ESP32 over {Link} was closed by the app")]
    public static partial void Disconnected(this ILogger logger, string link);
}
