namespace FraudActors.Silo.Storage.Journal;

/// <summary>A segment the writer no longer appends to: deletable once the store is indexed through its last record.</summary>
/// <param name="Path">The file.</param>
/// <param name="LastSequence">Its last record's sequence number (its first minus one when it holds none).</param>
internal sealed record SealedSegment(string Path, long LastSequence);
