namespace FraudActors.Grains.Interfaces.Models;

/// <summary>How the challenger takes part in scoring.</summary>
public enum TrafficMode
{
    /// <summary>The champion scores everything; the challenger (if any) does nothing.</summary>
    ChampionOnly,

    /// <summary>A sticky share of customers is scored (and decided) by the challenger.</summary>
    Canary,

    /// <summary>The champion decides; the challenger also scores every transaction, logged, not used.</summary>
    Shadow,
}

/// <summary>The traffic split.</summary>
/// <param name="Mode">How the challenger takes part.</param>
/// <param name="CanaryPercent">Share of customers decided by the challenger in canary mode, 0–100 (sticky per customer).</param>
public sealed record TrafficPolicy(TrafficMode Mode, double CanaryPercent)
{
    /// <summary>The champion alone.</summary>
    public static TrafficPolicy ChampionOnly { get; } = new(TrafficMode.ChampionOnly, 0);
}
