using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Storage.Journal;
using Microsoft.Data.Sqlite;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// The indexed store behind the decision journal: the <c>decisions</c> table (<see cref="DecisionLogSchema"/>), filled
/// in large transactions by the indexer (<see cref="SqliteDecisionIndexWriter"/>), read by id and by customer or
/// terminal. Reads use their own pooled connections, beside the indexer (WAL).
/// </summary>
internal sealed class SqliteDecisionStore
{
    private readonly SqliteDatabase _database;

    private SqliteDecisionStore(SqliteDatabase database, FeatureSchemaCatalog schemas)
    {
        _database = database;
        Schemas = schemas;
    }

    public SqliteDatabase Database => _database;

    public FeatureSchemaCatalog Schemas { get; }

    /// <summary>Migrates the store's schema (and the label store's, whose current labels the terminal history reads).</summary>
    public static async Task<SqliteDecisionStore> OpenAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        await SqliteLabelStore.MigrateAsync(database, cancellationToken).ConfigureAwait(false);
        await database.MigrateAsync(DecisionLogSchema.Component, DecisionLogSchema.Migrations, cancellationToken).ConfigureAwait(false);
        return new SqliteDecisionStore(database, new FeatureSchemaCatalog());
    }

    /// <summary>The highest journal sequence number the store holds (0 when it holds none).</summary>
    public long ReadWatermark()
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = DecisionLogSchema.GetWatermark;
        return command.ExecuteScalar() is long watermark ? watermark : 0;
    }

    /// <summary>The fingerprints of every stored transaction.</summary>
    public TransactionFingerprints LoadFingerprints(long expectedExtra)
    {
        using var connection = _database.OpenConnection();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM decisions;";
        var rows = (long)count.ExecuteScalar()!;
        var fingerprints = new TransactionFingerprints(rows + expectedExtra);
        using var select = connection.CreateCommand();
        select.CommandText = DecisionLogSchema.AllTransactionKeys;
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            fingerprints.Add(unchecked((ulong)reader.GetInt64(0)));
        }

        return fingerprints;
    }

    /// <summary>Whether the store holds the transaction (a point lookup: only for fingerprints already seen).</summary>
    public bool Contains(ulong fingerprint, string transactionId)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = DecisionLogSchema.ContainsTransaction;
        command.Parameters.AddWithValue("$transaction_key", unchecked((long)fingerprint));
        command.Parameters.AddWithValue("$transaction_id", transactionId);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>
    /// The id of a feature schema, writing it durably first if the database does not hold it: a journal record refers
    /// to its schema by id, so the schema must be durable before any record that uses it.
    /// </summary>
    public long RegisterSchema(ImmutableArray<string> names)
    {
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction(deferred: false);
        var id = FeatureSchemaCatalog.InsertOrFind(connection, transaction, names);
        transaction.Commit();
        Schemas.Publish(id, names);
        return id;
    }

    /// <summary>The feature names of a schema.</summary>
    public ImmutableArray<string> SchemaNames(long id)
    {
        if (Schemas.TryGetNames(id, out var names))
        {
            return names;
        }

        using var connection = _database.OpenConnection();
        return Schemas.GetNames(connection, id);
    }

    /// <summary>Opens the indexer's connection and prepared statements.</summary>
    public SqliteDecisionIndexWriter OpenIndexWriter(DecisionLogOptions options) => new(_database.OpenConnection(), options);

    public async ValueTask<LoggedDecision?> FindAsync(ulong fingerprint, string transactionId, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = DecisionLogSchema.Find;
        command.Parameters.AddWithValue("$transaction_key", unchecked((long)fingerprint));
        command.Parameters.AddWithValue("$transaction_id", transactionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return ReadDecision(connection, reader);
    }

    /// <summary>The time (unix ms) of an entity's latest stored transaction, or null (<see cref="DecisionLogSchema.CustomerLatest"/>, <see cref="DecisionLogSchema.TerminalLatest"/>).</summary>
    public async Task<long?> ReadLatestAsync(string sql, string key, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$key_hash", KeyOf(key));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    /// <summary>
    /// An entity's stored transactions from <paramref name="floor"/> (unix ms) on, numbered up to
    /// <paramref name="indexedThrough"/>, in time then log order (<see cref="DecisionLogSchema.CustomerHistory"/>,
    /// <see cref="DecisionLogSchema.TerminalHistory"/>).
    /// </summary>
    public async IAsyncEnumerable<StoredHistoryRow> ReadHistoryAsync(
        string sql, string key, long floor, long indexedThrough, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$key_hash", KeyOf(key));
        command.Parameters.AddWithValue("$floor", floor);
        command.Parameters.AddWithValue("$indexed_through", indexedThrough);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredHistoryRow(
                reader.GetInt64(0),
                reader.GetString(1),
                new StoredInstant(reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4)),
                reader.GetInt64(5));
        }
    }

    /// <summary>The indexed key of a customer or terminal id: its fingerprint, as SQLite's signed integer.</summary>
    public static long KeyOf(string id) => unchecked((long)Runtime.StableHash.Of(id));

    /// <summary>The time (unix ms) from which history is kept: <paramref name="horizon"/> before the latest.</summary>
    public static long Floor(long latest, TimeSpan horizon) => latest - (long)horizon.TotalMilliseconds;

    /// <summary>The current fraud labels of some transactions (those without one are absent).</summary>
    public async Task<Dictionary<string, bool>> ReadLabelsAsync(IReadOnlyCollection<string> transactionIds, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (transactionIds.Count == 0)
        {
            return labels;
        }

        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = DecisionLogSchema.Labels;
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(transactionIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            labels[reader.GetString(0)] = reader.GetInt64(1) != 0;
        }

        return labels;
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

        var names = Schemas.GetNames(connection, reader.GetInt64(10));
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
            Replayed: false,
            ReadShadow(reader, transactionId));
        return new LoggedDecision(request, result);
    }

    /// <summary>The shadow columns of a <see cref="DecisionLogSchema.Find"/> row (NULL for rows logged without one, or before the columns existed).</summary>
    private static ShadowScore? ReadShadow(SqliteDataReader reader, string transactionId)
    {
        if (reader.IsDBNull(17))
        {
            return null;
        }

        var decision = reader.GetInt32(19);
        if (!Enum.IsDefined((Decision)decision))
        {
            throw new InvalidDataException($"Decision log row of transaction {transactionId}: shadow decision {decision} is not a Decision.");
        }

        return new ShadowScore(reader.GetString(17), reader.GetDouble(18), (Decision)decision);
    }
}

/// <summary>A stored history row: its log position, transaction, time, and amount (customers) or label (terminals, 0 or 1).</summary>
/// <param name="Sequence">Journal sequence number.</param>
/// <param name="TransactionId">The transaction.</param>
/// <param name="EventTime">When it happened.</param>
/// <param name="Value">Amount in cents for a customer; 1 for a fraud label, else 0, for a terminal.</param>
internal readonly record struct StoredHistoryRow(long Sequence, string TransactionId, StoredInstant EventTime, long Value);
