namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// The decision journal holds damage that a crash cannot explain (acknowledged records follow it, or it is not at
/// the end of the last segment), so starting would silently drop acknowledged decisions. The node refuses to start;
/// an operator restores the segment from a backup or, knowingly, truncates it at <see cref="Offset"/>.
/// </summary>
public sealed class JournalCorruptException : IOException
{
    /// <summary>Creates the exception.</summary>
    public JournalCorruptException(string segmentPath, long offset, string problem)
        : base($"Decision journal segment {segmentPath} is corrupt at offset {offset}: {problem}. The log refuses to start rather than drop acknowledged decisions.")
    {
        SegmentPath = segmentPath;
        Offset = offset;
    }

    /// <summary>The damaged segment file.</summary>
    public string SegmentPath { get; }

    /// <summary>Byte offset of the first damaged record.</summary>
    public long Offset { get; }
}
