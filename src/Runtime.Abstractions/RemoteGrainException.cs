namespace FraudActors.Runtime;

/// <summary>
/// A grain call failed on another process with an exception this process cannot rebuild as its own type (no wire
/// codec knows it). Carries the original type name, message and stack trace text.
/// </summary>
public sealed class RemoteGrainException : Exception
{
    /// <summary>Creates the exception for a failure received from another process.</summary>
    /// <param name="remoteTypeName">Full name of the original exception type.</param>
    /// <param name="message">The original message, unchanged.</param>
    /// <param name="remoteStackTrace">The original stack trace text, if it was sent.</param>
    /// <param name="innerException">The original inner exception, rebuilt, if there was one.</param>
    public RemoteGrainException(string remoteTypeName, string message, string? remoteStackTrace, Exception? innerException)
        : base(message, innerException)
    {
        RemoteTypeName = remoteTypeName;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException()
    {
        RemoteTypeName = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string message) : base(message)
    {
        RemoteTypeName = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string message, Exception innerException) : base(message, innerException)
    {
        RemoteTypeName = string.Empty;
    }

    /// <summary>Full name of the exception type thrown on the other process, e.g. <c>System.IO.IOException</c>.</summary>
    public string RemoteTypeName { get; }

    /// <summary>The stack trace text of the original exception, or null when the sender did not include it.</summary>
    public string? RemoteStackTrace { get; }
}
