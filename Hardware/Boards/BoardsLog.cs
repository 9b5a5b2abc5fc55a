using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards;

/// <summary>Log lines shared by every board, generated once so logging costs no allocation when a level is off.</summary>
internal static partial class BoardsLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "A {EventName} handler threw; the other handlers still ran")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, string eventName);
}
