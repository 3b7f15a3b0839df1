namespace FraudActors.Grains.Interfaces;

/// <summary>What happens to a transaction, by the score's position against the configured thresholds.</summary>
public enum Decision
{
    /// <summary>Score below the review threshold.</summary>
    Approve = 0,

    /// <summary>Score at or above the review threshold and below the decline threshold: an analyst looks at it.</summary>
    Review = 1,

    /// <summary>Score at or above the decline threshold.</summary>
    Decline = 2,
}
