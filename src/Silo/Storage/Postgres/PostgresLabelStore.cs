using System.Data;
using FraudActors.Grains.Labels;
using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// Fraud labels in PostgreSQL (component <c>labels</c>), shared by every silo: <c>labels</c> holds the current label
/// of each transaction, <c>label_history</c> every label ever recorded, append-only. As in embedded mode, labels for
/// transactions the decision log does not hold are accepted: whether a transaction exists is the domain's question.
/// </summary>
public sealed class PostgresLabelStore : ILabelStore
{
    private const string Component = "labels";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE labels (
            transaction_id text PRIMARY KEY,
            is_fraud boolean NOT NULL,
            source text NOT NULL,
            comment text,
            labelled_at timestamptz NOT NULL,
            labelled_at_ticks smallint NOT NULL,
            labelled_offset_minutes smallint NOT NULL
        );

        CREATE TABLE label_history (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            transaction_id text NOT NULL,
            is_fraud boolean NOT NULL,
            source text NOT NULL,
            comment text,
            labelled_at timestamptz NOT NULL,
            labelled_at_ticks smallint NOT NULL,
            labelled_offset_minutes smallint NOT NULL
        );

        CREATE INDEX label_history_by_transaction ON label_history (transaction_id, seq);
        """,
    ];

    private const string Columns = "transaction_id, is_fraud, source, comment, labelled_at, labelled_at_ticks, labelled_offset_minutes";
    private const string Values = "@transaction_id, @is_fraud, @source, @comment, @labelled_at, @labelled_at_ticks, @labelled_offset_minutes";

    // A first label inserts; otherwise the row is locked, so of two silos correcting one transaction the second sees
    // the first's label as the previous one.
    private const string InsertFirst = $"INSERT INTO labels ({Columns}) VALUES ({Values}) ON CONFLICT (transaction_id) DO NOTHING RETURNING true;";
    private const string SelectForUpdate = $"SELECT {Columns} FROM labels WHERE transaction_id = @transaction_id FOR UPDATE;";
    private const string Select = $"SELECT {Columns} FROM labels WHERE transaction_id = @transaction_id;";

    private const string Replace =
        $"""
        UPDATE labels SET is_fraud = @is_fraud, source = @source, comment = @comment, labelled_at = @labelled_at,
            labelled_at_ticks = @labelled_at_ticks, labelled_offset_minutes = @labelled_offset_minutes
        WHERE transaction_id = @transaction_id;
        """;

    private const string AppendHistory = $"INSERT INTO label_history ({Columns}) VALUES ({Values});";

    private readonly NpgsqlDataSource _dataSource;

    private PostgresLabelStore(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Creates the store, migrating its tables to the current schema.</summary>
    public static async Task<PostgresLabelStore> CreateAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await MigrateAsync(database, cancellationToken).ConfigureAwait(false);
        return new PostgresLabelStore(database.DataSource);
    }

    /// <inheritdoc />
    /// <remarks>
    /// As in embedded mode, "the same label" means the same verdict: a second "fraud" from anyone writes nothing and
    /// returns the first labeller's record as <see cref="LabelOutcome.Previous"/> with <see cref="LabelOutcome.Changed"/>
    /// false. A different verdict replaces the current label, is appended to the history, and returns the one it replaced.
    /// </remarks>
    public async ValueTask<LabelOutcome> RecordAsync(TransactionLabel label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentException.ThrowIfNullOrEmpty(label.TransactionId, nameof(label));
        var source = LabelSourceNames.Of(label.Source);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

        await using (var insert = new NpgsqlCommand(InsertFirst, connection, transaction))
        {
            AddLabel(insert.Parameters, label, source);
            if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                await AppendHistoryAsync(connection, transaction, label, source, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new LabelOutcome(Changed: true, Previous: null);
            }
        }

        // The row exists (the insert waited for any concurrent inserter to commit): lock it and compare.
        var current = await FindAsync(connection, transaction, SelectForUpdate, label.TransactionId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The label of transaction {label.TransactionId} conflicted on insert but cannot be read.");
        if (current.IsFraud == label.IsFraud)
        {
            return new LabelOutcome(Changed: false, current);
        }

        // Both statements in one round trip.
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var replace = new NpgsqlBatchCommand(Replace);
            AddLabel(replace.Parameters, label, source);
            var history = new NpgsqlBatchCommand(AppendHistory);
            AddLabel(history.Parameters, label, source);
            batch.BatchCommands.Add(replace);
            batch.BatchCommands.Add(history);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new LabelOutcome(Changed: true, current);
    }

    /// <inheritdoc />
    public async ValueTask<TransactionLabel?> FindAsync(string transactionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactionId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, Select, transactionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings the label tables to the current schema (the decision log's terminal history reads them too).</summary>
    internal static Task MigrateAsync(PostgresDatabase database, CancellationToken cancellationToken) =>
        database.MigrateAsync(Component, Migrations, cancellationToken);

    private static async Task AppendHistoryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TransactionLabel label, string source, CancellationToken cancellationToken)
    {
        await using var history = new NpgsqlCommand(AppendHistory, connection, transaction);
        AddLabel(history.Parameters, label, source);
        await history.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<TransactionLabel?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, string transactionId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(sql, connection, transaction);
        select.Parameters.Add(new NpgsqlParameter<string>("transaction_id", transactionId));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new TransactionLabel(
            reader.GetString(0),
            reader.GetBoolean(1),
            LabelSourceNames.Parse(reader.GetString(2), transactionId),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            new PostgresInstant(reader.GetFieldValue<DateTime>(4), reader.GetInt16(5), reader.GetInt16(6)).ToDateTimeOffset());
    }

    private static void AddLabel(NpgsqlParameterCollection parameters, TransactionLabel label, string source)
    {
        var labelledAt = PostgresInstant.From(label.LabelledAt);
        parameters.Add(new NpgsqlParameter<string>("transaction_id", label.TransactionId));
        parameters.Add(new NpgsqlParameter<bool>("is_fraud", label.IsFraud));
        parameters.Add(new NpgsqlParameter<string>("source", source));
        parameters.Add(new NpgsqlParameter("comment", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)label.Comment ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<DateTime>("labelled_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = labelledAt.Utc });
        parameters.Add(new NpgsqlParameter<short>("labelled_at_ticks", labelledAt.SubMicrosecondTicks));
        parameters.Add(new NpgsqlParameter<short>("labelled_offset_minutes", labelledAt.OffsetMinutes));
    }
}
