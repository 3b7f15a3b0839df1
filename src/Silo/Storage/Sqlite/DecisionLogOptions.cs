namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteDecisionLog"/>'s group commit.</summary>
public sealed record DecisionLogOptions
{
    /// <summary>
    /// Most appends written in one transaction (one disk flush). Default 2,048: a flush costs milliseconds on a
    /// disk, so a batch that size is a few milliseconds of CPU, in the same range as the flush it shares.
    /// </summary>
    public int MaxBatchSize { get; init; } = 2048;

    /// <summary>
    /// How long the writer waits for more appends after the first one of a batch before it writes. Default zero:
    /// batching is natural (while one batch commits, the next one accumulates), so waiting only adds latency unless
    /// the appenders are few and the disk's flushes are the bottleneck.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.Zero;

    internal void Validate()
    {
        if (MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "MaxBatchSize must be at least 1.");
        }

        if (Linger < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Linger), Linger, "Linger must not be negative.");
        }
    }
}
