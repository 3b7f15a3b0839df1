namespace FraudActors.Grains.Interfaces.Models;

/// <summary>Where a version stands in the registry.</summary>
public enum ModelStatus
{
    /// <summary>Registered; may be promoted.</summary>
    Registered,

    /// <summary>Serving every decision (or the non-canary share).</summary>
    Champion,

    /// <summary>Serving a canary share, or scoring in the shadow.</summary>
    Challenger,

    /// <summary>Refused by the promotion gate or by an admin, with a reason; cannot be promoted.</summary>
    Rejected,

    /// <summary>A former champion.</summary>
    Retired,
}
