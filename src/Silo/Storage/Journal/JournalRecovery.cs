using System.Diagnostics;
using FraudActors.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// Start-up: brings the store up to the end of the journal before anything is served. Reads the watermark, loads
/// every stored fingerprint, scans the segments after the watermark (verifying every checksum, truncating a torn
/// tail, refusing corruption), indexes their records in large transactions, and deletes the segments. What is left
/// is an empty journal, an empty tail, and the fingerprint of every logged transaction.
/// </summary>
internal static class JournalRecovery
{
    /// <exception cref="JournalCorruptException">A segment is damaged in a way a crash cannot explain, or records are missing.</exception>
    public static RecoveredJournal Recover(
        string directory, SqliteDecisionStore store, DecisionLogOptions options, Func<string, ulong> fingerprintOf, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        var watermark = store.ReadWatermark();
        var segments = ListSegments(directory);
        var journalBytes = segments.Sum(segment => new FileInfo(segment.Path).Length);
        var fingerprints = store.LoadFingerprints(expectedExtra: journalBytes / 256);
        long last = watermark;
        long indexed = 0;
        long? expected = null;
        var chunk = new List<TailEntry>(Math.Min(options.IndexBatchRows, 65_536));
        using (var writer = store.OpenIndexWriter(options))
        {
            for (var i = 0; i < segments.Count; i++)
            {
                var (path, first) = segments[i];
                var isLast = i == segments.Count - 1;
                if (!isLast && segments[i + 1].FirstSequence - 1 <= watermark)
                {
                    continue; // Every record is in the store already.
                }

                if (expected is null ? first > watermark + 1 : first != expected)
                {
                    throw new JournalCorruptException(
                        path, 0, $"the segment starts at record {first}, but the records before it end at {(expected ?? watermark + 1) - 1}: records are missing");
                }

                var data = File.ReadAllBytes(path);
                var contents = JournalSegmentScan.Scan(data, path, first, isLast);
                if (contents.TornAt is { } tornAt)
                {
                    Truncate(path, tornAt);
                    logger.TornTailTruncated(path, tornAt, data.Length - tornAt);
                }

                foreach (var record in contents.Records)
                {
                    if (record.Sequence <= watermark)
                    {
                        continue;
                    }

                    var entry = ToEntry(data, record, path, fingerprintOf);
                    if (fingerprints.Contains(entry.Fingerprint) && IsLogged(entry, chunk, store))
                    {
                        logger.DuplicateRecordSkipped(record.Sequence, entry.TransactionId);
                    }
                    else
                    {
                        fingerprints.Add(entry.Fingerprint);
                        chunk.Add(entry);
                    }

                    last = record.Sequence;
                    if (chunk.Count >= options.IndexBatchRows)
                    {
                        writer.Write(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chunk), last);
                        indexed += chunk.Count;
                        chunk.Clear();
                    }
                }

                expected = contents.Records.Count > 0 ? contents.Records[^1].Sequence + 1 : first;
            }

            if (last > watermark)
            {
                writer.Write(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chunk), last);
                indexed += chunk.Count;
            }
        }

        // Everything is in the store now, under a committed watermark: the journal starts afresh.
        foreach (var segment in segments)
        {
            File.Delete(segment.Path);
        }

        logger.Recovered(Stopwatch.GetElapsedTime(started), watermark, segments.Count, indexed, fingerprints.Count);
        return new RecoveredJournal(fingerprints, NextSequence: Math.Max(last, (expected ?? 1) - 1) + 1);
    }

    /// <summary>The segment files of a journal directory, by first sequence number.</summary>
    public static List<(string Path, long FirstSequence)> ListSegments(string directory)
    {
        var segments = new List<(string Path, long FirstSequence)>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (JournalSegment.TryParseFileName(Path.GetFileName(path), out var first))
            {
                segments.Add((path, first));
            }
        }

        segments.Sort((a, b) => a.FirstSequence.CompareTo(b.FirstSequence));
        return segments;
    }

    private static TailEntry ToEntry(byte[] data, JournalRecord record, string path, Func<string, ulong> fingerprintOf)
    {
        var payload = record.Payload(data).ToArray();
        try
        {
            var view = DecisionRecord.Read(payload);
            var transactionId = view.TransactionId;
            return new TailEntry(fingerprintOf(transactionId), transactionId, view.CustomerId, view.TerminalId, view.AmountCents, view.Timestamp, payload)
            {
                Sequence = record.Sequence,
            };
        }
        catch (InvalidDataException exception)
        {
            // The checksum holds, so this build cannot read what a writer wrote: never skip it.
            throw new JournalCorruptException(path, record.Offset, $"record {record.Sequence} is intact but not a decision this build can read ({exception.Message})");
        }
    }

    private static bool IsLogged(TailEntry entry, List<TailEntry> chunk, SqliteDecisionStore store)
    {
        foreach (var pending in chunk)
        {
            if (string.Equals(pending.TransactionId, entry.TransactionId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return store.Contains(entry.Fingerprint, entry.TransactionId);
    }

    private static void Truncate(string path, long length)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        RandomAccess.SetLength(handle, length);
        RandomAccess.FlushToDisk(handle);
    }
}

/// <summary>What recovery hands to the writer.</summary>
/// <param name="Fingerprints">Every logged transaction's fingerprint.</param>
/// <param name="NextSequence">The number of the next record.</param>
internal sealed record RecoveredJournal(TransactionFingerprints Fingerprints, long NextSequence);
