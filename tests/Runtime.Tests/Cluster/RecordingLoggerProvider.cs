using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Tests.Cluster;

/// <summary>Keeps the event ids logged by one silo, so a test can wait for something to have happened inside it.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<int, int> _events = new();

    /// <summary>How many times an event with <paramref name="eventId"/> was logged.</summary>
    public int Count(int eventId) => _events.GetValueOrDefault(eventId);

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider._events.AddOrUpdate(eventId.Id, 1, static (_, n) => n + 1);
    }
}
