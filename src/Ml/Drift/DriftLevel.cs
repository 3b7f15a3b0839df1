namespace FraudActors.Ml.Drift;

/// <summary>How far a distribution moved, by the usual PSI thresholds (<see cref="PopulationStability.Classify"/>).</summary>
public enum DriftLevel
{
    /// <summary>PSI below 0.1.</summary>
    Stable,

    /// <summary>PSI from 0.1 to below 0.25.</summary>
    Moderate,

    /// <summary>PSI 0.25 and above.</summary>
    Significant,
}
