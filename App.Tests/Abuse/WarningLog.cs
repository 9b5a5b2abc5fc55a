using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Abuse;

/// <summary>A logger factory that keeps only warnings and worse, so a test can wait for the server to report a condition without holding every info line in memory.</summary>
public sealed class WarningLog : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue(formatter(state, exception));
            }
        }
    }
}
