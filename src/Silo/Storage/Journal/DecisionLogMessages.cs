using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>Source-generated log messages of the journaled decision log.</summary>
internal static partial class DecisionLogMessages
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Critical, Message = "Decision journal: a write failed with {Count} appends in flight; they and all later appends fail until restart")]
    public static partial void WriterFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Decision journal writer started in {Directory} at sequence {NextSequence} (max batch {MaxBatchSize}, linger {Linger})")]
    public static partial void WriterStarted(this ILogger logger, string directory, long nextSequence, int maxBatchSize, TimeSpan linger);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Decision journal writer stopped after {Batches} batches; last sequence {LastSequence}")]
    public static partial void WriterStopped(this ILogger logger, long batches, long lastSequence);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Decision indexer: a transaction of {Count} decisions failed; they stay in the journal and the tail, retry in {Retry}")]
    public static partial void IndexBatchFailed(this ILogger logger, Exception exception, int count, TimeSpan retry);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Decision indexer stopped after {Batches} transactions, indexed through sequence {IndexedThrough}; {Left} decisions left for the next start")]
    public static partial void IndexerStopped(this ILogger logger, long batches, long indexedThrough, int left);

    [LoggerMessage(EventId = 305, Level = LogLevel.Critical, Message = "Decision indexer failed outside a transaction; decisions stay in the journal until restart")]
    public static partial void IndexerCrashed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Decision journal segment {Path} could not be deleted; the next start deletes it")]
    public static partial void SegmentNotDeleted(this ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Decision journal {Path}: {Bytes} bytes after the last intact record at offset {Offset} were never acknowledged (torn write); truncated")]
    public static partial void TornTailTruncated(this ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(EventId = 308, Level = LogLevel.Warning, Message = "Decision journal: record {Sequence} repeats transaction {TransactionId}, already logged; skipped")]
    public static partial void DuplicateRecordSkipped(this ILogger logger, long sequence, string transactionId);

    [LoggerMessage(EventId = 309, Level = LogLevel.Information, Message = "Decision log recovered in {Elapsed}: store indexed through {Watermark}, {Segments} journal segments, {Indexed} decisions indexed from the journal, {Fingerprints} fingerprints loaded")]
    public static partial void Recovered(this ILogger logger, TimeSpan elapsed, long watermark, int segments, long indexed, int fingerprints);
}
