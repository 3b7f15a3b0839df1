namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteDecisionLog"/>'s group commit.</summary>
public sealed record DecisionLogOptions
{
    /// <summary>
    /// Most appends written in one transaction (one disk flush). Default 2,048: a flush costs milliseconds on a
    /// disk, so a batch that size is a few milliseconds of CPU, in the same range as the flush it shares.
    /// At most <see cref="MaxBatchSizeLimit"/>.
    /// </summary>
    public int MaxBatchSize { get; init; } = 2048;

    /// <summary>
    /// How long the writer waits for more appends after the first one of a batch before it writes. Default zero:
    /// batching is natural (while one batch commits, the next one accumulates), so waiting only adds latency unless
    /// the appenders are few and the disk's flushes are the bottleneck.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Page cache of the writer's connection, in KiB. Default 65,536 (64 MiB): every append inserts into two
    /// indexes at random places (customer, terminal), so the pages it touches are spread over the whole index; a
    /// cache that holds them saves reading them back for every batch (measured: about 15 % more appends per second
    /// than SQLite's 2 MiB default).
    /// </summary>
    public int WriterCacheKibibytes { get; init; } = 65_536;

    /// <summary>
    /// WAL size in pages at which the writer checkpoints after a commit (SQLite's <c>wal_autocheckpoint</c>, for the
    /// writer's connection only). Default 10,000 (about 40 MB with 4 KiB pages) rather than SQLite's 1,000: a
    /// checkpoint copies every page changed since the last one into the database file and flushes it, on the writer's
    /// thread; with the random index inserts of this table a batch changes hundreds of pages, so checkpointing ten
    /// times less often copies each hot page once instead of many times (measured: about 40 % more appends per
    /// second, for a longer pause every few seconds). 0 turns automatic checkpoints off (then something else must
    /// checkpoint, or the WAL grows without bound).
    /// </summary>
    public int CheckpointPages { get; init; } = 10_000;

    /// <summary>Largest allowed <see cref="MaxBatchSize"/>: the writer keeps a buffer of that size.</summary>
    public const int MaxBatchSizeLimit = 65_536;

    internal void Validate()
    {
        if (WriterCacheKibibytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WriterCacheKibibytes), WriterCacheKibibytes, "WriterCacheKibibytes must not be negative.");
        }

        if (CheckpointPages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointPages), CheckpointPages, "CheckpointPages must not be negative.");
        }

        if (MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, $"MaxBatchSize must be between 1 and {MaxBatchSizeLimit}.");
        }

        if (Linger < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Linger), Linger, "Linger must not be negative.");
        }
    }
}
