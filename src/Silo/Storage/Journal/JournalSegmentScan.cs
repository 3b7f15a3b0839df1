namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// Reads a segment's records back and tells a torn write from corruption. Only the last batch written can be torn
/// (the writer issues a batch's write only after the previous batch's fdatasync, and acknowledges nothing before its
/// own), and a torn batch leaves a mix of intact records, garbage and zeros (pages that never reached the disk).
/// So after the last intact record in sequence:
/// <list type="bullet">
/// <item>only zeros: the clean end (a preallocated segment's unused space);</item>
/// <item>an intact record of a LATER batch further on: acknowledged data follows the damage, which a crash cannot
/// explain: corruption, refused;</item>
/// <item>otherwise, in the last segment: the torn, never acknowledged tail of the last batch, to be truncated;
/// in any other segment (whose writes were all flushed before the next segment began): corruption, refused.</item>
/// </list>
/// Damage inside the very last batch cannot be told from a torn write, and is truncated like one.
/// </summary>
internal static class JournalSegmentScan
{
    /// <exception cref="JournalCorruptException">The segment is damaged in a way a crash cannot explain.</exception>
    public static SegmentContents Scan(ReadOnlySpan<byte> data, string path, long firstSequence, bool isLast)
    {
        var records = new List<JournalRecord>();
        var expected = firstSequence;
        var offset = 0;
        while (JournalRecordFormat.TryRead(data, offset, out var record))
        {
            if (record.Sequence != expected)
            {
                throw new JournalCorruptException(path, offset, $"record numbered {record.Sequence} where {expected} was expected");
            }

            records.Add(record);
            offset = record.End;
            expected++;
        }

        var rest = data[offset..];
        var damaged = rest.IndexOfAnyExcept((byte)0);
        if (damaged < 0)
        {
            return new SegmentContents(records, TornAt: null);
        }

        // The torn batch is the last intact record's batch if it was cut short, or else the batch right after it.
        long? lastBatch = records.Count > 0 ? records[^1].BatchStart : null;
        for (var at = Align(offset + damaged); at < data.Length; at += JournalRecordFormat.Alignment)
        {
            var skip = data[at..].IndexOfAnyExcept((byte)0);
            if (skip < 0)
            {
                break;
            }

            at = Align(at + skip);
            if (JournalRecordFormat.TryRead(data, at, out var later) && later.Sequence >= expected)
            {
                if (later.BatchStart != expected && later.BatchStart != lastBatch)
                {
                    throw new JournalCorruptException(
                        path, offset, $"damaged data, yet an intact later record ({later.Sequence}, at offset {at}) follows it");
                }

                at = later.End - JournalRecordFormat.Alignment;
            }
        }

        if (!isLast)
        {
            throw new JournalCorruptException(path, offset, "damaged data after the last intact record of a segment that is not the last");
        }

        return new SegmentContents(records, TornAt: offset);
    }

    // Records start at multiples of 8: round down to the start of the 8-byte word holding the first damaged byte.
    private static int Align(int offset) => offset & ~(JournalRecordFormat.Alignment - 1);
}

/// <summary>The intact records of a segment, and where a torn tail starts, if it has one.</summary>
/// <param name="Records">Intact records, in sequence.</param>
/// <param name="TornAt">Offset of the torn tail to truncate, or null when the segment ends cleanly.</param>
internal sealed record SegmentContents(IReadOnlyList<JournalRecord> Records, long? TornAt);
