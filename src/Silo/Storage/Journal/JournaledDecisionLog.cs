using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// The embedded node's decision log: an append is durable once its record is in the journal (a sequential
/// <c>write</c> and <c>fdatasync</c> shared by every append of the batch), and SQLite is a store filled behind it
/// in large transactions by the indexer. Decisions between the two live in the in-memory tail; reads consult the
/// tail, then the store. Duplicates are caught at append time by an in-memory set of transaction fingerprints,
/// confirmed exactly on a match.
/// <para>
/// Threads: appenders encode on their own threads; one writer thread owns the journal and the fingerprint set; one
/// indexer thread owns SQLite's write connection. Start-up (<see cref="CreateAsync"/>) indexes whatever the
/// journal holds beyond the store's watermark before serving; disposal writes what is queued and lets the indexer
/// drain, so a clean stop leaves an empty journal.
/// </para>
/// <para>
/// Memory: 11 to 21 bytes per logged decision for the fingerprint set (<see cref="TransactionFingerprints"/>), plus
/// at most <see cref="DecisionLogOptions.TailCapacity"/> decisions of some 550 bytes in the tail. Disk: about 270
/// bytes per decision in the journal (deleted once indexed) and 370 in SQLite. Meant for an embedded node of up to
/// a few tens of millions of decisions; beyond that, the PostgreSQL cluster mode.
/// </para>
/// </summary>
public sealed class JournaledDecisionLog : IDecisionLog, IAsyncDisposable
{
    private const string LockFileName = "lock";

    private readonly SqliteDecisionStore _store;
    private readonly DecisionTail _tail;
    private readonly JournalWriter _writer;
    private readonly DecisionIndexer _indexer;
    private readonly FileStream _lock;
    private readonly Func<string, ulong> _fingerprintOf;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private JournaledDecisionLog(
        string journalDirectory,
        SqliteDecisionStore store,
        DecisionTail tail,
        JournalWriter writer,
        DecisionIndexer indexer,
        FileStream directoryLock,
        Func<string, ulong> fingerprintOf)
    {
        JournalDirectory = journalDirectory;
        _store = store;
        _tail = tail;
        _writer = writer;
        _indexer = indexer;
        _lock = directoryLock;
        _fingerprintOf = fingerprintOf;
    }

    /// <summary>The directory of the journal's segment files.</summary>
    public string JournalDirectory { get; }

    /// <summary>Batches the writer has taken (tests use it to know the writer holds one).</summary>
    internal long BatchesStarted => _writer.BatchesStarted;

    /// <summary>Test seam: reset to hold the writer before it writes the batch it has taken; set to let it go.</summary>
    internal ManualResetEventSlim WriterGate => _writer.Gate;

    /// <summary>Test seam: the next journal write fails with this exception (<see cref="JournalWriter.InjectedWriteFailure"/>).</summary>
    internal Exception? InjectedWriteFailure
    {
        get => _writer.InjectedWriteFailure;
        set => _writer.InjectedWriteFailure = value;
    }

    /// <summary>Decisions durable in the journal and not yet in the store.</summary>
    internal int TailCount => _tail.Count;

    /// <summary>The highest sequence number the store holds.</summary>
    internal long IndexedThrough => _tail.IndexedThrough;

    /// <summary>
    /// Recovers (indexes whatever the journal holds beyond the store's watermark), then starts the writer and the
    /// indexer.
    /// </summary>
    /// <param name="database">The database of the store (and of the labels the terminal history reads).</param>
    /// <param name="options">Settings.</param>
    /// <param name="meterFactory">Creates the <c>FraudActors.DecisionLog</c> meter.</param>
    /// <param name="logger">Logs recovery, failures, start and stop.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <exception cref="JournalCorruptException">The journal is damaged in a way a crash cannot explain.</exception>
    /// <exception cref="IOException">Another log holds the journal directory.</exception>
    public static Task<JournaledDecisionLog> CreateAsync(
        SqliteDatabase database, DecisionLogOptions options, IMeterFactory meterFactory, ILogger logger, CancellationToken cancellationToken) =>
        CreateAsync(database, options, meterFactory, logger, StableHash.Of, cancellationToken);

    /// <summary>As the public overload, with the transaction fingerprint function as a seam (tests force collisions).</summary>
    internal static async Task<JournaledDecisionLog> CreateAsync(
        SqliteDatabase database,
        DecisionLogOptions options,
        IMeterFactory meterFactory,
        ILogger logger,
        Func<string, ulong> fingerprintOf,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var directory = options.ResolveJournalDirectory(database.Path);
        Directory.CreateDirectory(directory);
        var directoryLock = LockDirectory(directory);
        try
        {
            var store = await SqliteDecisionStore.OpenAsync(database, cancellationToken).ConfigureAwait(false);
            var recovered = await Task.Run(() => JournalRecovery.Recover(directory, store, options, fingerprintOf, logger), cancellationToken)
                .ConfigureAwait(false);
            var tail = new DecisionTail(options.TailCapacity, indexedThrough: recovered.NextSequence - 1);
            var instruments = new DecisionLogInstruments(meterFactory, () => tail.Count);
            var sealedSegments = new ConcurrentQueue<SealedSegment>();
            var writer = new JournalWriter(directory, recovered.NextSequence, options, tail, recovered.Fingerprints, store, sealedSegments, instruments, logger);
            var indexer = new DecisionIndexer(store, tail, sealedSegments, options, instruments, logger);
            indexer.Start();
            writer.Start();
            return new JournaledDecisionLog(directory, store, tail, writer, indexer, directoryLock, fingerprintOf);
        }
        catch
        {
            await directoryLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Completes once the decision is in the journal and flushed (<c>fdatasync</c>); it is then readable at once.
    /// Cancellation drops an append still waiting in the queue (it is then not written and the call throws
    /// <see cref="OperationCanceledException"/>); once its batch is being written the append completes with it.
    /// A failed journal write fails every append in flight, and every later one until restart. The decision's reasons
    /// must be among its features (same name and value): a reason is stored as a reference to its feature.
    /// </remarks>
    /// <exception cref="ArgumentException">The decision cannot be stored as given (named in the message).</exception>
    /// <exception cref="ObjectDisposedException">The log has been disposed.</exception>
    public ValueTask<AppendOutcome> AppendAsync(LoggedDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        LoggedDecisionRules.Validate(decision);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<AppendOutcome>(cancellationToken);
        }

        if (!_store.Schemas.TryFind(decision.Result.Features, out var schemaId))
        {
            // Refuse a decision that cannot be encoded now, before the schema is written: the caller sees the same
            // exception whether its schema is new or not.
            _ = DecisionRecord.Encode(decision, schemaId: 0);
            return AppendWithNewSchemaAsync(decision, cancellationToken);
        }

        return Enqueue(decision, schemaId, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<LoggedDecision?> FindAsync(string transactionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactionId);

        // Tail first: the indexer removes an entry only after the store has committed it.
        if (_tail.FindPayload(transactionId) is { } payload)
        {
            return DecisionRecord.Decode(payload, _store.SchemaNames);
        }

        return await _store.FindAsync(_fingerprintOf(transactionId), transactionId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CustomerHistoryEntry> ReadCustomerHistoryAsync(
        string customerId, TimeSpan horizon, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, TimeSpan.Zero);
        var (entries, indexedThrough) = _tail.SnapshotCustomer(customerId);
        var latest = await _store.ReadLatestAsync(DecisionLogSchema.CustomerLatest, customerId, cancellationToken).ConfigureAwait(false);
        if (Later(latest, entries) is not { } overall)
        {
            yield break;
        }

        var floor = SqliteDecisionStore.Floor(overall, horizon);
        var tail = InTimeOrder(entries, floor);
        var t = 0;
        await foreach (var row in _store.ReadHistoryAsync(DecisionLogSchema.CustomerHistory, customerId, floor, indexedThrough, cancellationToken)
                           .ConfigureAwait(false))
        {
            for (; t < tail.Count && Precedes(tail[t], row); t++)
            {
                yield return new CustomerHistoryEntry(tail[t].TransactionId, tail[t].EventTime.ToDateTimeOffset(), tail[t].AmountCents);
            }

            yield return new CustomerHistoryEntry(row.TransactionId, row.EventTime.ToDateTimeOffset(), row.Value);
        }

        for (; t < tail.Count; t++)
        {
            yield return new CustomerHistoryEntry(tail[t].TransactionId, tail[t].EventTime.ToDateTimeOffset(), tail[t].AmountCents);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TerminalHistoryEntry> ReadTerminalHistoryAsync(
        string terminalId, TimeSpan horizon, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, TimeSpan.Zero);
        var (entries, indexedThrough) = _tail.SnapshotTerminal(terminalId);
        var latest = await _store.ReadLatestAsync(DecisionLogSchema.TerminalLatest, terminalId, cancellationToken).ConfigureAwait(false);
        if (Later(latest, entries) is not { } overall)
        {
            yield break;
        }

        var floor = SqliteDecisionStore.Floor(overall, horizon);
        var tail = InTimeOrder(entries, floor);
        var labels = await _store.ReadLabelsAsync(tail.ConvertAll(entry => entry.TransactionId), cancellationToken).ConfigureAwait(false);
        var t = 0;
        await foreach (var row in _store.ReadHistoryAsync(DecisionLogSchema.TerminalHistory, terminalId, floor, indexedThrough, cancellationToken)
                           .ConfigureAwait(false))
        {
            for (; t < tail.Count && Precedes(tail[t], row); t++)
            {
                yield return TerminalEntry(tail[t], labels);
            }

            yield return new TerminalHistoryEntry(row.TransactionId, row.EventTime.ToDateTimeOffset(), row.Value != 0);
        }

        for (; t < tail.Count; t++)
        {
            yield return TerminalEntry(tail[t], labels);
        }
    }

    /// <summary>
    /// Stops accepting appends (later ones throw <see cref="ObjectDisposedException"/>), makes every append already
    /// queued durable, lets the indexer commit everything to the store and delete the journal's segments, and
    /// returns when both threads have finished.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _closed.Task.ConfigureAwait(false);
            return;
        }

        // The writer must not wait for the indexer now (the store may be refusing writes), and the indexer must stop
        // only after the writer has.
        _tail.PauseIndexer(false);
        _tail.LiftBound();
        await _writer.StopAsync().ConfigureAwait(false);
        await _indexer.StopAsync().ConfigureAwait(false);
        await _lock.DisposeAsync().ConfigureAwait(false);
        _closed.TrySetResult();
    }

    /// <summary>Test seam: holds the indexer after its current transaction (true) or lets it go on (false).</summary>
    internal void PauseIndexer(bool paused) => _tail.PauseIndexer(paused);

    /// <summary>
    /// Test seam: stops as a crash would. The batch being flushed completes; queued appends fail unwritten; the
    /// indexer stops where it is; nothing is drained or deleted; the directory is released for a new log.
    /// </summary>
    internal async Task SimulateCrashAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        var writer = _writer.AbandonAsync();
        var indexer = _indexer.AbandonAsync();
        await Task.WhenAll(writer, indexer).ConfigureAwait(false);
        await _lock.DisposeAsync().ConfigureAwait(false);
        _closed.TrySetResult();
    }

    private static FileStream LockDirectory(string directory)
    {
        var path = Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None takes an exclusive flock on Unix: two logs writing one journal would interleave records.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception)
        {
            throw new IOException($"The decision journal {directory} is in use by another decision log (another process, or this one).", exception);
        }
    }

    private static long? Later(long? stored, List<TailEntry> tail)
    {
        var latest = stored;
        foreach (var entry in tail)
        {
            if (latest is null || entry.EventTime.UnixMilliseconds > latest)
            {
                latest = entry.EventTime.UnixMilliseconds;
            }
        }

        return latest;
    }

    /// <summary>The tail entries from <paramref name="floor"/> on, in the store's order: time, then log order.</summary>
    private static List<TailEntry> InTimeOrder(List<TailEntry> entries, long floor)
    {
        var kept = entries.FindAll(entry => entry.EventTime.UnixMilliseconds >= floor);
        kept.Sort(static (a, b) => Compare(a.EventTime, a.Sequence, b.EventTime, b.Sequence));
        return kept;
    }

    private static bool Precedes(TailEntry entry, StoredHistoryRow row) => Compare(entry.EventTime, entry.Sequence, row.EventTime, row.Sequence) < 0;

    private static int Compare(StoredInstant a, long aSequence, StoredInstant b, long bSequence)
    {
        var byTime = a.UnixMilliseconds.CompareTo(b.UnixMilliseconds);
        if (byTime != 0)
        {
            return byTime;
        }

        var byTicks = a.SubMillisecondTicks.CompareTo(b.SubMillisecondTicks);
        return byTicks != 0 ? byTicks : aSequence.CompareTo(bSequence);
    }

    private static TerminalHistoryEntry TerminalEntry(TailEntry entry, Dictionary<string, bool> labels) =>
        new(entry.TransactionId, entry.EventTime.ToDateTimeOffset(), labels.GetValueOrDefault(entry.TransactionId));

    private async ValueTask<AppendOutcome> AppendWithNewSchemaAsync(LoggedDecision decision, CancellationToken cancellationToken)
    {
        var names = FeatureSchemaCatalog.NamesOf(decision.Result.Features);

        // Rare (once per feature schema and process) and blocking: off the caller's thread.
        var schemaId = await Task.Run(() => _store.RegisterSchema(names), cancellationToken).ConfigureAwait(false);
        return await Enqueue(decision, schemaId, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<AppendOutcome> Enqueue(LoggedDecision decision, long schemaId, CancellationToken cancellationToken)
    {
        // Encoding happens here, on the appenders' threads, so the single writer only frames and copies.
        var payload = DecisionRecord.Encode(decision, schemaId);
        var entry = new TailEntry(_fingerprintOf(decision.Request.TransactionId), decision.Request, payload);
        var pending = PendingAppend.Rent(entry, cancellationToken);
        if (!_writer.TryEnqueue(pending))
        {
            pending.Abandon();
            if (_writer.Fault is { } fault)
            {
                throw new InvalidOperationException("The decision log journal has stopped after a write failure; restart the node to recover.", fault);
            }

            throw new ObjectDisposedException(nameof(JournaledDecisionLog));
        }

        return pending.Task;
    }
}
