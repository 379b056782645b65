using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Exactly.Bot.TestSupport;

/// <summary>
/// Every log line a host writes, at every level, as <c>{level} {category}: {message} {exception}</c>, and every scope it opens
/// as <c>scope {category}: {state}</c>: for "no secret or signature in the logs" checks and for asserting a failure was logged.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Lines.Enqueue($"scope {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
