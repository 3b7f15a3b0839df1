namespace FraudActors.Runtime;

/// <summary>Settings of the runtime in a silo. Every default is stated and chosen after Orleans' where one exists.</summary>
public sealed class RuntimeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Runtime";

    /// <summary>
    /// Deadline of a grain call when its method declares no <see cref="ResponseTimeoutAttribute"/>.
    /// Default 30 s, Orleans' default response timeout.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often calls in flight are checked against their deadlines. Default 50 ms: the precision of deadlines.</summary>
    public TimeSpan DeadlineSweepPeriod { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>An activation without calls for this long is deactivated. Default 15 min (Orleans 7+).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for. Default 1 min (Orleans' collection quantum).</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Limit on reading state and OnActivateAsync. Default 30 s.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit on one activation's OnDeactivateAsync. Default 30 s.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit on deactivating every grain at shutdown. Default 60 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
