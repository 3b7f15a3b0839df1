using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>Source-generated log messages of the SQLite storage adapters.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Decision log: a batch of {Count} appends could not be committed; all of them failed")]
    public static partial void BatchFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Decision log writer started on {Path} (max batch {MaxBatchSize}, linger {Linger})")]
    public static partial void WriterStarted(this ILogger logger, string path, int maxBatchSize, TimeSpan linger);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Decision log writer stopped after {Batches} batches")]
    public static partial void WriterStopped(this ILogger logger, long batches);

    [LoggerMessage(EventId = 303, Level = LogLevel.Critical, Message = "Decision log writer failed outside a batch; appends will fail until restart")]
    public static partial void WriterCrashed(this ILogger logger, Exception exception);
}
