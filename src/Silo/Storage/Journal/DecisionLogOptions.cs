namespace FraudActors.Silo.Storage.Journal;

/// <summary>Settings of the <see cref="JournaledDecisionLog"/>. Every default is stated with its reason.</summary>
public sealed record DecisionLogOptions
{
    /// <summary>Largest allowed <see cref="MaxBatchSize"/>: the writer keeps per-batch arrays of that size.</summary>
    public const int MaxBatchSizeLimit = 65_536;

    /// <summary>Smallest allowed <see cref="SegmentBytes"/> (tests use tiny segments to see rotation).</summary>
    public const long MinSegmentBytes = 4096;

    /// <summary>Largest allowed <see cref="SegmentBytes"/>: recovery reads a segment into one array.</summary>
    public const long MaxSegmentBytes = 1L << 30;

    /// <summary>
    /// Directory of the journal's segment files. Default null: beside the database, named after it with the
    /// extension <c>.journal</c> (<c>artifacts/node/fraudactors.journal/</c> for <c>fraudactors.db</c>), so a journal
    /// always belongs to exactly one database, whose watermark says how much of it is indexed.
    /// </summary>
    public string? JournalDirectory { get; init; }

    /// <summary>
    /// Most appends written with one <c>write</c> and one <c>fdatasync</c>. Default 2,048 (about 550 KiB): a flush
    /// costs a fraction of a millisecond to milliseconds, and a batch this size takes about as long to encode, so
    /// larger batches would only add latency. At most <see cref="MaxBatchSizeLimit"/>.
    /// </summary>
    public int MaxBatchSize { get; init; } = 2048;

    /// <summary>
    /// How long the writer waits for more appends after the first one of a batch. Default zero: batching is natural
    /// (while one batch is flushed, the next accumulates), so waiting only adds latency.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Size at which the journal starts a new segment file. Default 64 MiB (about 240,000 decisions): large enough
    /// that rotating (create, preallocate, flush the directory: about a millisecond) is rare, small enough that an
    /// indexed segment is deleted soon. A batch is never split, so a segment may end up slightly larger.
    /// </summary>
    public long SegmentBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Reserve each segment's blocks when it is created (<c>fallocate</c>), so appends do not allocate blocks or
    /// grow the file. Default true. Ignored where the file system cannot do it.
    /// </summary>
    public bool PreallocateSegments { get; init; } = true;

    /// <summary>
    /// Most decisions held in memory between the journal and SQLite (written, not yet indexed). At this bound the
    /// writer stops taking appends until the indexer catches up: backpressure, not unbounded memory. Default 131,072:
    /// over a second of lag at 100,000 appends/s and more than two indexer batches, about 70 MiB (some 550 bytes per
    /// decision: the entry, its encoded record, its ids and its place in three maps).
    /// </summary>
    public int TailCapacity { get; init; } = 131_072;

    /// <summary>
    /// Most decisions the indexer commits to SQLite in one transaction. Default 50,000. A commit writes every page
    /// the transaction touched, and each decision touches pages all over three indexes, so rows per commit is what
    /// makes indexing cheap: measured here, 16.7 µs of CPU per row at 5,000 rows, 11.7 at 20,000, 8.7 at 100,000
    /// (400,000-row table). 50,000 keeps two batches well inside <see cref="TailCapacity"/>.
    /// </summary>
    public int IndexBatchRows { get; init; } = 50_000;

    /// <summary>
    /// How long a written decision may wait for the indexer when fewer than <see cref="IndexBatchRows"/> are
    /// waiting. Default 1 s: under moderate load that still gathers thousands of rows per commit (see
    /// <see cref="IndexBatchRows"/> for why that matters), and the journal replays at most about that much after a
    /// crash. Reads do not wait for it: the tail serves what is not indexed yet.
    /// </summary>
    public TimeSpan IndexInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Page cache of the indexer's connection, in KiB. Default 65,536 (64 MiB): each decision inserts into three
    /// indexes at random places, and a cache that holds their hot pages saves reading them back.
    /// </summary>
    public int IndexerCacheKibibytes { get; init; } = 65_536;

    /// <summary>
    /// WAL size in pages at which the indexer checkpoints after a commit (<c>wal_autocheckpoint</c> on its connection).
    /// Default 100,000 (about 400 MB of WAL at 4 KiB pages): a checkpoint copies every page changed since the last one
    /// into the database file, and the indexer's commits change pages all over three indexes, so rarer checkpoints
    /// copy each hot page once instead of many times (measured at 800,000 rows: 12.7 instead of 14.3 µs of CPU per
    /// row, a quarter more rows per second, than with 10,000). 0 turns automatic checkpoints off.
    /// </summary>
    public int CheckpointPages { get; init; } = 100_000;

    internal string ResolveJournalDirectory(string databasePath) =>
        Path.GetFullPath(JournalDirectory ?? Path.ChangeExtension(databasePath, ".journal"));

    internal void Validate()
    {
        if (MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, $"MaxBatchSize must be between 1 and {MaxBatchSizeLimit}.");
        }

        if (Linger < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Linger), Linger, "Linger must not be negative.");
        }

        if (SegmentBytes is < MinSegmentBytes or > MaxSegmentBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentBytes), SegmentBytes, $"SegmentBytes must be between {MinSegmentBytes} and {MaxSegmentBytes}.");
        }

        if (TailCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TailCapacity), TailCapacity, "TailCapacity must be at least 1.");
        }

        if (IndexBatchRows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(IndexBatchRows), IndexBatchRows, "IndexBatchRows must be at least 1.");
        }

        if (IndexInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IndexInterval), IndexInterval, "IndexInterval must not be negative.");
        }

        if (IndexerCacheKibibytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(IndexerCacheKibibytes), IndexerCacheKibibytes, "IndexerCacheKibibytes must not be negative.");
        }

        if (CheckpointPages < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointPages), CheckpointPages, "CheckpointPages must not be negative.");
        }
    }
}
