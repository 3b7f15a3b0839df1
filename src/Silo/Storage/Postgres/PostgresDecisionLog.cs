using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Silo.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// The cluster's decision log in PostgreSQL, shared by every silo. Appends go through a bounded queue to one writer
/// loop, which takes whatever accumulated while its previous commit was in flight (up to
/// <see cref="PostgresDecisionLogOptions.MaxBatchSize"/>), inserts it with one autocommitted statement (one round
/// trip, one WAL flush for the whole batch), and only then completes each append. There is no timer: under load the
/// batches grow by themselves, and a lone append waits for nothing but its own commit.
/// <para>
/// Duplicates: the unique index on the transaction id decides, so two silos appending one transaction agree;
/// <c>ON CONFLICT DO NOTHING RETURNING</c> tells the writer which ids it inserted. Copies of one id within a batch are
/// collapsed before the insert: the first is written, the others are <see cref="AppendOutcome.DuplicateTransaction"/>.
/// </para>
/// <para>
/// Failure: a batch whose statement fails fails every one of its appends with the error, and the writer goes on with
/// the next batch, so a passing outage costs the appends made during it, not the silo. An append is never
/// acknowledged before its commit; the converse does not hold (a connection lost after the server committed fails
/// appends that are durable), and a retry then reads <see cref="AppendOutcome.DuplicateTransaction"/>, as it should.
/// </para>
/// <para>
/// Fencing: in a cluster each batch is inserted only while this silo is not dead in the membership table, checked and
/// locked in the same statement (<see cref="SiloFence"/>). A customer grain's windows are rebuilt from this log when
/// it activates, so a stale activation on a silo its peers declared dead must not append decisions computed from
/// windows the grain's new owner never saw. A refused batch fails every append in it with
/// <see cref="SiloFencedException"/> and makes the silo step down.
/// </para>
/// </summary>
public sealed class PostgresDecisionLog : IDecisionLog, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _databaseName;
    private readonly PostgresFeatureSchemas _schemas;
    private readonly PostgresDecisionLogOptions _options;
    private readonly Channel<PostgresPendingAppend> _queue;
    private readonly ILogger _logger;
    private readonly SiloFence? _fence;
    private readonly Task _writer;
    private long _batches;
    private int _disposed;

    private PostgresDecisionLog(PostgresDatabase database, PostgresDecisionLogOptions options, ILogger logger, SiloFence? fence)
    {
        _fence = fence;
        _dataSource = database.DataSource;
        _databaseName = database.DatabaseName;
        _schemas = new PostgresFeatureSchemas(database.DataSource);
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<PostgresPendingAppend>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,

            // The writer must never run an appender's continuation (the appender might block on another append).
            AllowSynchronousContinuations = false,
        });
        _writer = Task.Run(RunWriterAsync);
        logger.WriterStarted(database.DatabaseName, options.MaxBatchSize, options.QueueCapacity);
    }

    /// <summary>Batches committed so far.</summary>
    internal long BatchesCommitted => Volatile.Read(ref _batches);

    /// <summary>
    /// Test seam: awaited by the writer with a batch's transaction ids after taking it and before inserting it, so a
    /// test can hold the writer while more appends queue up behind it.
    /// </summary>
    internal Func<IReadOnlyList<string>, Task>? BeforeCommit { get; set; }

    /// <summary>Migrates the log's tables (and the labels', which the terminal history reads), then starts the writer.</summary>
    /// <param name="database">The shared database.</param>
    /// <param name="options">Settings.</param>
    /// <param name="logger">Logs start, stop and failed batches.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <param name="fence">This silo's fence in a cluster (its membership row must be in <paramref name="database"/>);
    /// null to append unfenced.</param>
    public static async Task<PostgresDecisionLog> CreateAsync(
        PostgresDatabase database, PostgresDecisionLogOptions options, ILogger logger, CancellationToken cancellationToken, SiloFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        await PostgresLabelStore.MigrateAsync(database, cancellationToken).ConfigureAwait(false);
        await database.MigrateAsync(PostgresDecisionLogSchema.Component, PostgresDecisionLogSchema.Migrations, cancellationToken).ConfigureAwait(false);
        return new PostgresDecisionLog(database, options, logger, fence);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Completes once the batch holding the decision has committed. Cancellation drops an append still waiting in the
    /// queue (it is then not written); once its batch is taken, the append completes with it. The decision must pass
    /// the same rules as in embedded mode (reasons among the features, no NaN score): it is refused with
    /// <see cref="ArgumentException"/> before anything is queued.
    /// </remarks>
    /// <exception cref="ArgumentException">The decision cannot be stored as given (named in the message).</exception>
    /// <exception cref="ObjectDisposedException">The log has been disposed.</exception>
    /// <exception cref="SiloFencedException">This silo is dead in the cluster: the decision was not written.</exception>
    public ValueTask<AppendOutcome> AppendAsync(LoggedDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        LoggedDecisionRules.Validate(decision);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<AppendOutcome>(cancellationToken);
        }

        // Encoded here, on the appender's thread: the writer only copies references into its columns.
        var result = decision.Result;
        var features = new byte[result.Features.Length * sizeof(double)];
        DecisionBlobs.WriteFeatures(features, result.Features);
        var reasons = new byte[result.Reasons.Length * DecisionBlobs.BytesPerReason];
        DecisionBlobs.WriteReasons(reasons, result.Reasons, result.Features, decision.Request.TransactionId);
        if (!_schemas.TryFind(result.Features, out var schemaId))
        {
            return AppendWithNewSchemaAsync(decision, features, reasons, cancellationToken);
        }

        return Enqueue(new PostgresPendingAppend(decision, schemaId, features, reasons, cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask<LoggedDecision?> FindAsync(string transactionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactionId);
        ScoreRequest request;
        ScoreResult result;
        long schemaId;
        byte[] features;
        byte[] reasons;
        await using (var command = _dataSource.CreateCommand(PostgresDecisionLogSchema.Find))
        {
            command.Parameters.Add(new NpgsqlParameter<string>("transaction_id", transactionId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            request = new ScoreRequest(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), ReadInstant(reader, 4));
            schemaId = reader.GetInt64(11);
            features = reader.GetFieldValue<byte[]>(12);
            reasons = reader.GetFieldValue<byte[]>(13);
            var shadow = reader.IsDBNull(17)
                ? null
                : new ShadowScore(reader.GetString(17), reader.GetDouble(18), (Decision)reader.GetInt16(19));
            result = new ScoreResult(
                request.TransactionId,
                reader.GetDouble(7),
                (Decision)reader.GetInt16(8),
                reader.GetString(10),
                ImmutableArray<Reason>.Empty,
                (ExplanationMethod)reader.GetInt16(9),
                ImmutableArray<FeatureValue>.Empty,
                ReadInstant(reader, 14),
                Replayed: false,
                shadow);
        }

        // After the reader is closed: the names usually come from the cache, else from another pooled connection.
        var names = await _schemas.GetNamesAsync(schemaId, cancellationToken).ConfigureAwait(false);
        var decoded = DecisionBlobs.DecodeFeatures(features, names, transactionId);
        return new LoggedDecision(request, result with { Features = decoded, Reasons = DecisionBlobs.DecodeReasons(reasons, decoded, transactionId) });
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CustomerHistoryEntry> ReadCustomerHistoryAsync(
        string customerId, TimeSpan horizon, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, TimeSpan.Zero);
        await using var command = HistoryCommand(PostgresDecisionLogSchema.CustomerHistory, customerId, horizon);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new CustomerHistoryEntry(reader.GetString(0), ReadInstant(reader, 1), reader.GetInt64(4));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TerminalHistoryEntry> ReadTerminalHistoryAsync(
        string terminalId, TimeSpan horizon, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, TimeSpan.Zero);
        await using var command = HistoryCommand(PostgresDecisionLogSchema.TerminalHistory, terminalId, horizon);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new TerminalHistoryEntry(reader.GetString(0), ReadInstant(reader, 1), reader.GetBoolean(4));
        }
    }

    /// <summary>
    /// Stops accepting appends (later ones throw <see cref="ObjectDisposedException"/>), commits every append already
    /// queued, and returns when the writer has finished.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _queue.Writer.TryComplete();
        }

        await _writer.ConfigureAwait(false);
    }

    /// <summary>A stored instant whose <c>timestamptz</c> is at <paramref name="ordinal"/>, its ticks and offset after it.</summary>
    private static DateTimeOffset ReadInstant(NpgsqlDataReader reader, int ordinal) =>
        new PostgresInstant(reader.GetFieldValue<DateTime>(ordinal), reader.GetInt16(ordinal + 1), reader.GetInt16(ordinal + 2)).ToDateTimeOffset();

    private NpgsqlCommand HistoryCommand(string sql, string id, TimeSpan horizon)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("id", id));
        command.Parameters.Add(new NpgsqlParameter<long>("horizon_us", horizon.Ticks / (TimeSpan.TicksPerMillisecond / 1000)));
        return command;
    }

    private async ValueTask<AppendOutcome> AppendWithNewSchemaAsync(LoggedDecision decision, byte[] features, byte[] reasons, CancellationToken cancellationToken)
    {
        // Once per feature schema and process; committed before any decision naming it is queued.
        var schemaId = await _schemas.RegisterAsync(FeatureSchemaCatalog.NamesOf(decision.Result.Features), cancellationToken).ConfigureAwait(false);
        return await Enqueue(new PostgresPendingAppend(decision, schemaId, features, reasons, cancellationToken)).ConfigureAwait(false);
    }

    private ValueTask<AppendOutcome> Enqueue(PostgresPendingAppend pending)
    {
        return _queue.Writer.TryWrite(pending) ? new ValueTask<AppendOutcome>(pending.Task) : WaitForRoomAsync(pending);

        async ValueTask<AppendOutcome> WaitForRoomAsync(PostgresPendingAppend pending)
        {
            try
            {
                await _queue.Writer.WriteAsync(pending, pending.CancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException exception) when (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(PostgresDecisionLog), exception);
            }
            catch (ChannelClosedException exception)
            {
                // Closed without a dispose: the writer crashed (logged as critical); say so rather than "disposed".
                throw new InvalidOperationException("The decision log writer has stopped after an unexpected failure; restart the silo.", exception.InnerException ?? exception);
            }

            return await pending.Task.ConfigureAwait(false);
        }
    }

    private async Task RunWriterAsync()
    {
        var reader = _queue.Reader;
        var taken = new List<PostgresPendingAppend>(_options.MaxBatchSize);
        var firsts = new Dictionary<string, PostgresPendingAppend>(StringComparer.Ordinal);
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        var batch = new PostgresDecisionBatch();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // The batch is what queued up while the previous one committed: no waiting for more.
                taken.Clear();
                firsts.Clear();
                batch.Clear();
                while (taken.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
                {
                    if (pending.CancellationToken.IsCancellationRequested)
                    {
                        pending.Cancel();
                        continue;
                    }

                    taken.Add(pending);
                    if (firsts.TryAdd(pending.TransactionId, pending))
                    {
                        batch.Add(pending);
                    }
                }

                if (taken.Count > 0)
                {
                    await CommitAsync(taken, firsts, batch, inserted).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            // Not a failed batch (CommitAsync handles those): a bug. Fail what is queued and refuse what comes.
            _logger.WriterCrashed(exception);
            _queue.Writer.TryComplete(exception);
            foreach (var pending in taken)
            {
                pending.Fail(exception);
            }

            while (reader.TryRead(out var pending))
            {
                pending.Fail(exception);
            }
        }

        _logger.WriterStopped(BatchesCommitted);
    }

    private async Task CommitAsync(
        List<PostgresPendingAppend> taken, Dictionary<string, PostgresPendingAppend> firsts, PostgresDecisionBatch batch, HashSet<string> inserted)
    {
        inserted.Clear();
        var fenced = false;
        try
        {
            if (BeforeCommit is { } hook)
            {
                await hook(taken.ConvertAll(pending => pending.TransactionId)).ConfigureAwait(false);
            }

            // No cancellation: a batch once taken completes, and the command timeout bounds it.
            await using var command = _dataSource.CreateCommand(_fence is null ? PostgresDecisionLogSchema.InsertBatch : PostgresDecisionLogSchema.FencedInsertBatch);
            batch.Bind(command.Parameters);
            _fence?.AddParameters(command.Parameters);
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    // A null id is the fenced statement's "refused" row.
                    if (reader.IsDBNull(0))
                    {
                        fenced = true;
                    }
                    else
                    {
                        inserted.Add(reader.GetString(0));
                    }
                }

                // The rows come before the commit: only closing the reader (which reads up to ReadyForQuery) proves it,
                // and throws if the commit failed.
            }
        }
        catch (Exception exception)
        {
            _logger.BatchFailed(exception, taken.Count, _databaseName);
            foreach (var pending in taken)
            {
                pending.Fail(exception);
            }

            return;
        }

        if (fenced)
        {
            _logger.BatchFenced(taken.Count, _fence!.Silo);
            var refused = _fence.Refused($"appending {taken.Count} decision(s)");
            foreach (var pending in taken)
            {
                pending.Fail(refused);
            }

            return;
        }

        Interlocked.Increment(ref _batches);
        foreach (var pending in taken)
        {
            var written = ReferenceEquals(firsts[pending.TransactionId], pending) && inserted.Contains(pending.TransactionId);
            pending.Complete(written ? AppendOutcome.Appended : AppendOutcome.DuplicateTransaction);
        }
    }
}
