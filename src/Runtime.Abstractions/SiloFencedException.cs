namespace FraudActors.Runtime;

/// <summary>
/// A write to the cluster's shared state was refused because the silo making it has been declared dead by its peers
/// (its row in the membership table is dead or gone): its activations are stale, their grains live elsewhere now.
/// Nothing was written, the call was not acknowledged, and the silo steps down; the caller may retry, and the retry
/// reaches the grain's new owner.
/// </summary>
public sealed class SiloFencedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloFencedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloFencedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloFencedException()
    {
    }
}
