namespace FraudActors.Runtime;

/// <summary>A grain could not be activated (its constructor, state read or OnActivateAsync failed).</summary>
public sealed class GrainActivationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainActivationException(GrainId grainId, Exception innerException)
        : base($"Activation of grain {grainId} failed: {innerException.Message}", innerException)
    {
        GrainId = grainId;
    }

    /// <summary>Creates the exception with its message as given, for one rebuilt after crossing the wire.</summary>
    public GrainActivationException(GrainId grainId, string message, Exception? innerException)
        : base(message, innerException)
    {
        GrainId = grainId;
    }

    /// <summary>Creates the exception.</summary>
    public GrainActivationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public GrainActivationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public GrainActivationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The grain that failed to activate.</summary>
    public GrainId GrainId { get; }
}
