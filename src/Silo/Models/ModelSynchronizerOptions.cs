namespace FraudActors.Silo.Models;

/// <summary>How a silo follows the registry.</summary>
public sealed class ModelSynchronizerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Models";

    /// <summary>
    /// How often the silo asks the registry even without a signal (signals can be lost). Default 5 s; also how often
    /// it re-reports what it serves, so a registry that moved to another silo learns it again.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// In a cluster, longest wait at start for this silo to be active with no peer still joining before it first calls
    /// the model registry (see <see cref="ClusterStartGate"/>). Default 10 s: silos starting together normally settle in
    /// well under a second, and a peer that died while joining is declared dead within the death timeout (4 s).
    /// </summary>
    public TimeSpan StartSettleTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
