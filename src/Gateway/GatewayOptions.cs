namespace FraudActors.Gateway;

/// <summary>Limits and defaults of the public API. Every default is stated.</summary>
public sealed class GatewayOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Gateway";

    /// <summary>Largest accepted body of a single score request, in bytes. Default 16 KiB (a request is ~200 bytes).</summary>
    public int MaxScoreBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Largest accepted body of a batch request, in bytes. Default 1 MiB.</summary>
    public int MaxBatchBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Most transactions in one batch. Default 1,000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Longest accepted id (transaction, customer, terminal). Default 128 characters.</summary>
    public int MaxIdLength { get; set; } = 128;

    /// <summary>Largest accepted amount, in currency units. Default 1,000,000.00.</summary>
    public decimal MaxAmount { get; set; } = 1_000_000m;

    /// <summary>How far in the future (by the server clock) a timestamp may lie. Default 5 minutes of clock skew.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Earliest accepted timestamp. Default 2000-01-01T00:00:00Z (the feature clock's epoch).</summary>
    public DateTimeOffset EarliestTimestamp { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// How long a promotion or rollback waits for every active silo to report serving the new assignment before it
    /// answers (saying which silos have). Default 6 s: a signalled silo loads in well under a second, and one that
    /// missed the signal finds the change at its next model poll (every 5 s by default). Zero answers at once.
    /// </summary>
    public TimeSpan RolloutWait { get; set; } = TimeSpan.FromSeconds(6);
}
