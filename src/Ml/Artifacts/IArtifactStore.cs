namespace FraudActors.Ml.Artifacts;

/// <summary>
/// Immutable, content-addressed blobs (models, reference data), named by the SHA-256 of their bytes and verified
/// on every read. Embedded mode keeps them on the filesystem; a cluster keeps them in PostgreSQL.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores the bytes (a no-op when they are already stored) and returns their SHA-256, lower-case hex.</summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Reads an artifact and checks that its bytes still hash to its name.</summary>
    /// <exception cref="ArtifactNotFoundException">No artifact has that hash.</exception>
    /// <exception cref="ArtifactCorruptedException">The stored bytes no longer match the hash.</exception>
    Task<byte[]> GetAsync(string sha256, CancellationToken cancellationToken);
}
