namespace FraudActors.Runtime;

/// <summary>Why an activation is going away.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No calls for longer than the collection age.</summary>
    IdleCollection,

    /// <summary>The grain called <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>A state write found a newer version: this activation is stale.</summary>
    InconsistentState,

    /// <summary>Membership changed and the grain now belongs to another silo.</summary>
    Migrating,

    /// <summary>Activation failed.</summary>
    ActivationFailed,
}

/// <summary>Why an activation is going away, with a human-readable description.</summary>
/// <param name="Code">The category.</param>
/// <param name="Description">What happened, for logs.</param>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description);
