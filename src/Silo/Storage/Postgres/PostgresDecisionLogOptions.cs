namespace FraudActors.Silo.Storage.Postgres;

/// <summary>Settings of the <see cref="PostgresDecisionLog"/>. Every default is stated with its reason.</summary>
public sealed record PostgresDecisionLogOptions
{
    /// <summary>Largest allowed <see cref="MaxBatchSize"/>: one statement carries the batch as arrays.</summary>
    public const int MaxBatchSizeLimit = 65_536;

    /// <summary>
    /// Most appends committed by one statement. Default 2,048 (about 600 KiB of parameters): measured on a local
    /// server (2 shared cores, bench/Storage.Benchmarks), rows per second stop growing at about 500 rows a batch and a
    /// full batch takes some 35 ms, so larger batches would only add latency to the appends that wait behind them.
    /// The cap is rarely reached: with 256 appenders in flight, batches averaged about 140. At most
    /// <see cref="MaxBatchSizeLimit"/>.
    /// </summary>
    public int MaxBatchSize { get; init; } = 2048;

    /// <summary>
    /// Most appends waiting for the writer. At this bound appenders wait for room: backpressure when the database is
    /// slower than the silo, not unbounded memory. Default 16,384: eight full batches, a few megabytes.
    /// </summary>
    public int QueueCapacity { get; init; } = 16_384;

    internal void Validate()
    {
        if (MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, $"MaxBatchSize must be between 1 and {MaxBatchSizeLimit}.");
        }

        if (QueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "QueueCapacity must be at least 1.");
        }
    }
}
