namespace FraudActors.Runtime.Persistence;

/// <summary>
/// A state write or clear found a different version in storage than the one this activation holds: another
/// activation wrote since. The runtime deactivates the stale activation after the turn.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InconsistentStateException()
    {
    }
}
