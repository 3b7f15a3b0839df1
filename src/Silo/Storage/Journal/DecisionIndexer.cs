using System.Collections.Concurrent;
using System.Diagnostics;
using FraudActors.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// Moves decisions from the tail into SQLite on a dedicated thread: waits for <see cref="DecisionLogOptions.IndexBatchRows"/>
/// entries or <see cref="DecisionLogOptions.IndexInterval"/>, inserts them with the watermark in one transaction,
/// and only after the commit removes them from the tail and deletes the journal segments the store now fully holds.
/// A failed transaction is retried with backoff; meanwhile the tail fills and then holds the writer back.
/// </summary>
internal sealed class DecisionIndexer
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly SqliteDecisionStore _store;
    private readonly DecisionTail _tail;
    private readonly ConcurrentQueue<SealedSegment> _sealed;
    private readonly DecisionLogOptions _options;
    private readonly DecisionLogInstruments _instruments;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _stopping = new();
    private volatile bool _abandoned;
    private long _batches;

    public DecisionIndexer(
        SqliteDecisionStore store,
        DecisionTail tail,
        ConcurrentQueue<SealedSegment> sealedSegments,
        DecisionLogOptions options,
        DecisionLogInstruments instruments,
        ILogger logger)
    {
        _store = store;
        _tail = tail;
        _sealed = sealedSegments;
        _options = options;
        _instruments = instruments;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "DecisionIndexer" };
    }

    /// <summary>Transactions committed so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    public void Start() => _thread.Start();

    /// <summary>Indexes everything left in the tail (the writer has stopped), deletes the segments, and stops.</summary>
    public Task StopAsync()
    {
        _stopping.Set();
        _tail.Stop();
        return _stopped.Task;
    }

    /// <summary>Stops at once, as a crash would, leaving the rest of the tail to the next start's recovery.</summary>
    public Task AbandonAsync()
    {
        _abandoned = true;
        _stopping.Set();
        _tail.Abandon();
        return _stopped.Task;
    }

    /// <summary>Deletes sealed segments whose every record the store holds.</summary>
    public static void DeleteIndexedSegments(ConcurrentQueue<SealedSegment> sealedSegments, long indexedThrough, ILogger logger)
    {
        while (sealedSegments.TryPeek(out var segment) && segment.LastSequence <= indexedThrough)
        {
            try
            {
                File.Delete(segment.Path);
            }
            catch (IOException exception)
            {
                // Harmless: recovery skips segments below the watermark and deletes them then.
                logger.SegmentNotDeleted(exception, segment.Path);
            }

            sealedSegments.TryDequeue(out _);
        }
    }

    private void Run()
    {
        SqliteDecisionIndexWriter? writer = null;
        var retry = FirstRetry;
        var buffer = new TailEntry[_options.IndexBatchRows];
        try
        {
            while (!_abandoned && _tail.WaitForWork(_options.IndexBatchRows, _options.IndexInterval))
            {
                var entries = buffer.AsSpan(0, _tail.PeekOldest(buffer));
                var started = Stopwatch.GetTimestamp();
                try
                {
                    writer ??= _store.OpenIndexWriter(_options);
                    writer.Write(entries, entries[^1].Sequence);
                }
#pragma warning disable CA1031 // Any failure is retried: the entries are durable in the journal meanwhile.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    writer?.Dispose();
                    writer = null;
                    _instruments.IndexBatchFailed();
                    _logger.IndexBatchFailed(exception, entries.Length, retry);
                    entries.Clear();
                    if (_stopping.IsSet)
                    {
                        // Shutting down with a store that refuses writes: the journal keeps them for the next start.
                        break;
                    }

                    _stopping.Wait(retry);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
                    continue;
                }

                retry = FirstRetry;
                if (_abandoned)
                {
                    break;
                }

                var duration = Stopwatch.GetElapsedTime(started);
                var indexedThrough = entries[^1].Sequence;
                _tail.Remove(entries);
                entries.Clear();
                Interlocked.Increment(ref _batches);
                _instruments.BatchIndexed(entries.Length, duration);
                DeleteIndexedSegments(_sealed, indexedThrough, _logger);
            }

            if (!_abandoned)
            {
                DeleteIndexedSegments(_sealed, _tail.IndexedThrough, _logger);
                _logger.IndexerStopped(Batches, _tail.IndexedThrough, _tail.Count);
            }
        }
#pragma warning disable CA1031 // A bug here must not take the process down; the journal still holds everything.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.IndexerCrashed(exception);
        }
        finally
        {
            writer?.Dispose();
            _stopped.TrySetResult();
        }
    }
}
