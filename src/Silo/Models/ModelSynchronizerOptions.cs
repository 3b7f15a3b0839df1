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
}
