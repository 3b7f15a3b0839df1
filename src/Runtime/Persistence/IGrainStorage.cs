namespace FraudActors.Runtime.Persistence;

/// <summary>
/// A storage provider for grain state: opaque bytes per (grain, state name) with optimistic concurrency.
/// Embedded mode uses SQLite; a cluster uses PostgreSQL.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a state record, or null when none is stored.</summary>
    Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a record if the stored version equals <paramref name="expectedEtag"/> (null: nothing may be stored yet)
    /// and returns the new ETag.
    /// </summary>
    /// <exception cref="InconsistentStateException">The stored version differs.</exception>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes a record if the stored version equals <paramref name="expectedEtag"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored version differs.</exception>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken);
}

/// <summary>A stored state: the serialised payload and its version.</summary>
/// <param name="Payload">The serialised state.</param>
/// <param name="Etag">The opaque version.</param>
public sealed record GrainStateRecord(ReadOnlyMemory<byte> Payload, string Etag);
