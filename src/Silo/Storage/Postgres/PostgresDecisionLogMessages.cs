using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>Source-generated log messages of the PostgreSQL decision log.</summary>
internal static partial class PostgresDecisionLogMessages
{
    [LoggerMessage(EventId = 320, Level = LogLevel.Error, Message = "Decision log: a batch of {Count} appends failed to commit on {Database}; they fail, later appends are tried again")]
    public static partial void BatchFailed(this ILogger logger, Exception exception, int count, string database);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Decision log writer started on {Database} (max batch {MaxBatchSize}, queue {QueueCapacity})")]
    public static partial void WriterStarted(this ILogger logger, string database, int maxBatchSize, int queueCapacity);

    [LoggerMessage(EventId = 322, Level = LogLevel.Information, Message = "Decision log writer stopped after {Batches} batches")]
    public static partial void WriterStopped(this ILogger logger, long batches);

    [LoggerMessage(EventId = 323, Level = LogLevel.Critical, Message = "Decision log writer failed outside a batch; appends fail until restart")]
    public static partial void WriterCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 324, Level = LogLevel.Critical, Message = "Decision log: a batch of {Count} appends was refused because silo {Silo} is dead in the membership table; nothing was written, the silo steps down")]
    public static partial void BatchFenced(this ILogger logger, int count, FraudActors.Runtime.Cluster.SiloAddress silo);
}
