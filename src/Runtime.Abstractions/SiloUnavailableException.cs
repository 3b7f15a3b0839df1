namespace FraudActors.Runtime;

/// <summary>
/// The silo that should run the call is shutting down or unreachable. The call did not run (or its outcome is
/// unknown for calls already sent); idempotent calls can be retried.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException()
    {
    }
}
