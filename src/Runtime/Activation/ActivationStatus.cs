namespace FraudActors.Runtime.Activation;

/// <summary>Lifecycle of an activation.</summary>
internal enum ActivationStatus
{
    /// <summary>Created and queued for activation; messages wait in the inbox.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Active,

    /// <summary>Running OnDeactivateAsync; messages wait and are re-dispatched afterwards.</summary>
    Deactivating,

    /// <summary>Gone: removed from the directory; senders must look up again.</summary>
    Deactivated,
}
