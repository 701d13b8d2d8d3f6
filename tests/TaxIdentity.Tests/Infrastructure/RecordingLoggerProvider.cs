using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaxIdentity.Tests.Infrastructure;

/// <summary>One log entry as a sink would receive it: the rendered message, the named values and the exception.</summary>
public sealed record LoggedEntry(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, Exception? Exception)
{
    /// <summary>Everything of the entry that would reach a log store, as text.</summary>
    public string AllText => string.Join('\n', [Category, Message, .. Values.Select(pair => pair.Key + "=" + pair.Value), Exception?.ToString() ?? string.Empty]);
}

/// <summary>Keeps every log entry of a host, for tests of what is logged.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedEntry> entries = new();

    public IReadOnlyList<LoggedEntry> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<LoggedEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new LoggedEntry(category, logLevel, formatter(state, exception), [.. values], exception));
        }
    }
}
