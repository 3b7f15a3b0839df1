namespace FraudActors.Ml.Artifacts;

/// <summary>No artifact is stored under the requested hash.</summary>
public sealed class ArtifactNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ArtifactNotFoundException(string sha256) : base($"No artifact with SHA-256 {sha256} is stored.") => Sha256 = sha256;

    /// <summary>Creates the exception.</summary>
    public ArtifactNotFoundException() => Sha256 = string.Empty;

    /// <summary>Creates the exception.</summary>
    public ArtifactNotFoundException(string message, Exception innerException) : base(message, innerException) => Sha256 = string.Empty;

    /// <summary>The requested hash.</summary>
    public string Sha256 { get; }
}

/// <summary>A stored artifact's bytes no longer hash to its name: it must not be used.</summary>
public sealed class ArtifactCorruptedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ArtifactCorruptedException(string expectedSha256, string actualSha256)
        : base($"Artifact {expectedSha256} is corrupted: its bytes hash to {actualSha256}.")
    {
        Sha256 = expectedSha256;
    }

    /// <summary>Creates the exception.</summary>
    public ArtifactCorruptedException() => Sha256 = string.Empty;

    /// <summary>Creates the exception.</summary>
    public ArtifactCorruptedException(string message) : base(message) => Sha256 = string.Empty;

    /// <summary>Creates the exception.</summary>
    public ArtifactCorruptedException(string message, Exception innerException) : base(message, innerException) => Sha256 = string.Empty;

    /// <summary>The hash the artifact is stored under.</summary>
    public string Sha256 { get; }
}
