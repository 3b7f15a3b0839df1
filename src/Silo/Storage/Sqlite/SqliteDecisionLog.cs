using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// The decision log in SQLite. Appends are group-committed by a single writer: an append completes only after the
/// transaction holding it has committed (<c>synchronous=FULL</c>), and many appends share that commit's flush.
/// Reads use their own pooled connections, beside the writer (WAL).
/// </summary>
public sealed class SqliteDecisionLog : IDecisionLog, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly FeatureSchemaCatalog _schemas;
    private readonly DecisionLogWriter _writer;
    private int _disposed;

    private SqliteDecisionLog(SqliteDatabase database, FeatureSchemaCatalog schemas, DecisionLogWriter writer)
    {
        _database = database;
        _schemas = schemas;
        _writer = writer;
    }

    /// <summary>Batches the writer has begun (tests use it to know the writer holds a batch).</summary>
    internal long BatchesStarted => _writer.BatchesStarted;

    /// <summary>
    /// Migrates the decision log's schema (and the label store's, whose current labels the terminal history reads)
    /// and starts the writer.
    /// </summary>
    /// <param name="database">The database file.</param>
    /// <param name="options">Group commit settings.</param>
    /// <param name="time">Clock for commit durations and the linger.</param>
    /// <param name="meterFactory">Creates the <c>FraudActors.DecisionLog</c> meter.</param>
    /// <param name="logger">Logs failed batches and the writer's start and stop.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    public static async Task<SqliteDecisionLog> CreateAsync(
        SqliteDatabase database,
        DecisionLogOptions options,
        TimeProvider time,
        IMeterFactory meterFactory,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        await SqliteLabelStore.MigrateAsync(database, cancellationToken).ConfigureAwait(false);
        await database.MigrateAsync(DecisionLogSchema.Component, DecisionLogSchema.Migrations, cancellationToken).ConfigureAwait(false);
        var schemas = new FeatureSchemaCatalog();
        var writer = new DecisionLogWriter(database, schemas, options, time, new DecisionLogInstruments(meterFactory), logger);
        writer.Start();
        return new SqliteDecisionLog(database, schemas, writer);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Cancellation drops an append still waiting in the queue (it is then not written and the call throws
    /// <see cref="OperationCanceledException"/>); once its batch is being written the append completes with the batch.
    /// A failed batch fails every append in it with the error. The decision's reasons must be among its features
    /// (same name and value): a reason is stored as a reference to its feature.
    /// </remarks>
    /// <exception cref="ArgumentException">The decision cannot be stored as given (named in the message).</exception>
    /// <exception cref="ObjectDisposedException">The log has been disposed.</exception>
    public ValueTask<AppendOutcome> AppendAsync(LoggedDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Validate(decision);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<AppendOutcome>(cancellationToken);
        }

        // Encoding happens here, on the appenders' threads, so the single writer only binds and inserts.
        var features = DecisionBlobs.EncodeFeatures(decision.Result.Features);
        var reasons = DecisionBlobs.EncodeReasons(decision.Result.Reasons, decision.Result.Features, decision.Request.TransactionId);
        var pending = PendingAppend.Rent(decision, features, reasons, cancellationToken);
        if (!_writer.TryEnqueue(pending))
        {
            pending.Abandon();
            if (_writer.Fault is { } fault)
            {
                throw new InvalidOperationException("The decision log writer has stopped after an internal error.", fault);
            }

            throw new ObjectDisposedException(nameof(SqliteDecisionLog));
        }

        return pending.Task;
    }

    /// <inheritdoc />
    public async ValueTask<LoggedDecision?> FindAsync(string transactionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactionId);
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = DecisionLogSchema.Find;
        command.Parameters.AddWithValue("$transaction_id", transactionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return ReadDecision(connection, reader);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CustomerHistoryEntry> ReadCustomerHistoryAsync(
        string customerId, TimeSpan horizon, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await using var connection = _database.OpenConnection();
        await using var command = HistoryCommand(connection, DecisionLogSchema.CustomerHistory, customerId, horizon);
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
        await using var connection = _database.OpenConnection();
        await using var command = HistoryCommand(connection, DecisionLogSchema.TerminalHistory, terminalId, horizon);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new TerminalHistoryEntry(reader.GetString(0), ReadInstant(reader, 1), reader.GetInt64(4) != 0);
        }
    }

    /// <summary>
    /// Stops accepting appends (later ones throw <see cref="ObjectDisposedException"/>), writes and commits every
    /// append already queued, and returns when the writer has finished.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        await _writer.StopAsync().ConfigureAwait(false);
    }

    private static void Validate(LoggedDecision decision)
    {
        var request = decision.Request ?? throw new ArgumentException("The decision has no request.", nameof(decision));
        var result = decision.Result ?? throw new ArgumentException("The decision has no result.", nameof(decision));
        if (string.IsNullOrEmpty(request.TransactionId) || request.CustomerId is null || request.TerminalId is null || result.ModelVersion is null)
        {
            throw new ArgumentException(
                $"Decision {request.TransactionId}: TransactionId must be non-empty and CustomerId, TerminalId and ModelVersion non-null.", nameof(decision));
        }

        if (!string.Equals(request.TransactionId, result.TransactionId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Decision {request.TransactionId}: the result is for transaction {result.TransactionId}, not the request's.", nameof(decision));
        }

        if (result.Features.IsDefault || result.Reasons.IsDefault)
        {
            throw new ArgumentException($"Decision {request.TransactionId}: Features and Reasons must be initialised arrays (empty is fine).", nameof(decision));
        }

        if (result.Features.Length > DecisionBlobs.MaxFeatures)
        {
            throw new ArgumentException($"Decision {request.TransactionId}: {result.Features.Length} features, more than the {DecisionBlobs.MaxFeatures} the log can store.", nameof(decision));
        }

        foreach (var feature in result.Features)
        {
            if (feature.Name is null)
            {
                throw new ArgumentException($"Decision {request.TransactionId}: a feature has no name.", nameof(decision));
            }
        }

        if (double.IsNaN(result.Score))
        {
            // SQLite stores a NaN REAL as NULL: refused here, it would fail the whole batch it landed in.
            throw new ArgumentException($"Decision {request.TransactionId}: the score is NaN.", nameof(decision));
        }

        if (!Enum.IsDefined(result.Decision))
        {
            throw new ArgumentException($"Decision {request.TransactionId}: {(int)result.Decision} is not a Decision.", nameof(decision));
        }
    }

    private static SqliteCommand HistoryCommand(SqliteConnection connection, string sql, string key, TimeSpan horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, TimeSpan.Zero);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$horizon_ms", (long)horizon.TotalMilliseconds);
        return command;
    }

    private static DateTimeOffset ReadInstant(SqliteDataReader reader, int first) =>
        new StoredInstant(reader.GetInt64(first), reader.GetInt32(first + 1), reader.GetInt32(first + 2)).ToDateTimeOffset();

    private LoggedDecision ReadDecision(SqliteConnection connection, SqliteDataReader reader)
    {
        var transactionId = reader.GetString(0);
        var decision = reader.GetInt32(8);
        if (!Enum.IsDefined((Decision)decision))
        {
            throw new InvalidDataException($"Decision log row of transaction {transactionId}: decision {decision} is not a Decision.");
        }

        var names = _schemas.GetNames(connection, reader.GetInt64(10));
        var features = DecisionBlobs.DecodeFeatures(reader.GetFieldValue<byte[]>(11), names, transactionId);
        ImmutableArray<Reason> reasons = DecisionBlobs.DecodeReasons(reader.GetFieldValue<byte[]>(12), features, transactionId);
        var request = new ScoreRequest(transactionId, reader.GetString(1), reader.GetString(2), reader.GetInt64(3), ReadInstant(reader, 4));
        var result = new ScoreResult(
            transactionId,
            reader.GetDouble(7),
            (Decision)decision,
            reader.GetString(9),
            reasons,
            (ExplanationMethod)reader.GetInt32(16),
            features,
            ReadInstant(reader, 13),
            Replayed: false);
        return new LoggedDecision(request, result);
    }
}
