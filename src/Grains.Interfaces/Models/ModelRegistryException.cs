namespace FraudActors.Grains.Interfaces.Models;

/// <summary>Why the registry refused a request.</summary>
public enum ModelRegistryError
{
    /// <summary>No such version.</summary>
    UnknownVersion,

    /// <summary>The version may not take that role (rejected, or already in it).</summary>
    NotAllowed,

    /// <summary>The artifact is missing or its bytes do not match its hash.</summary>
    CorruptArtifact,

    /// <summary>The request is malformed (a traffic split out of range, a rollback with nothing to roll back to).</summary>
    Invalid,

    /// <summary>The request needs a challenger (or a champion) and there is none.</summary>
    NoChallenger,
}

/// <summary>The registry refused a request; nothing changed.</summary>
public sealed class ModelRegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelRegistryException(ModelRegistryError error, string message) : base(message) => Error = error;

    /// <summary>Creates the exception.</summary>
    public ModelRegistryException() => Error = ModelRegistryError.Invalid;

    /// <summary>Creates the exception.</summary>
    public ModelRegistryException(string message) : base(message) => Error = ModelRegistryError.Invalid;

    /// <summary>Creates the exception.</summary>
    public ModelRegistryException(string message, Exception innerException) : base(message, innerException) => Error = ModelRegistryError.Invalid;

    /// <summary>Why.</summary>
    public ModelRegistryError Error { get; }
}
