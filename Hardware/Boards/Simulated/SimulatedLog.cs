using System.Net;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards.Simulated;

/// <summary>The simulated board's log lines, generated once so logging costs no allocation when a level is off.</summary>
internal static partial class SimulatedLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Pin {PinName} (GPIO{PinKey}) is now {Level}")]
    public static partial void PinChanged(this ILogger logger, string pinName, int pinKey, string level);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pin {PinName} (GPIO{PinKey}) duty cycle is now {DutyCycle:0.###}")]
    public static partial void DutyCycleChanged(this ILogger logger, string pinName, int pinKey, double dutyCycle);

    [LoggerMessage(Level = LogLevel.Information, Message = "Button on pin {PinName} (GPIO{PinKey}) {Action}")]
    public static partial void ButtonChanged(this ILogger logger, string pinName, int pinKey, string action);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pin {PinName} (GPIO{PinKey}) opened as {Use}")]
    public static partial void PortOpened(this ILogger logger, string pinName, int pinKey, PinUse use);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pin {PinName} (GPIO{PinKey}) closed")]
    public static partial void PortClosed(this ILogger logger, string pinName, int pinKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated Wi-Fi connecting to '{Ssid}'")]
    public static partial void WiFiConnecting(this ILogger logger, string ssid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated Wi-Fi connected to '{Ssid}' with address {IpAddress}")]
    public static partial void WiFiConnected(this ILogger logger, string ssid, IPAddress ipAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated Wi-Fi did not connect to '{Ssid}' within {Timeout}")]
    public static partial void WiFiTimedOut(this ILogger logger, string ssid, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated Wi-Fi disconnected: {Reason}")]
    public static partial void WiFiDisconnected(this ILogger logger, string reason);

    public static string Describe(bool level) => level ? "ON" : "OFF";
}
