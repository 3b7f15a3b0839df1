using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Labels;
using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// Fraud labels in SQLite (component <c>labels</c>): <c>labels</c> holds the current label of each transaction,
/// <c>label_history</c> every label ever recorded, append-only. Labels for transactions the decision log does not
/// hold are accepted: whether a transaction exists is the domain's question.
/// </summary>
public sealed class SqliteLabelStore : ILabelStore
{
    private const string Component = "labels";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE labels (
            transaction_id TEXT PRIMARY KEY,
            is_fraud INTEGER NOT NULL,
            source TEXT NOT NULL,
            comment TEXT,
            labelled_at INTEGER NOT NULL,
            labelled_at_ticks INTEGER NOT NULL,
            labelled_offset_minutes INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE label_history (
            seq INTEGER PRIMARY KEY,
            transaction_id TEXT NOT NULL,
            is_fraud INTEGER NOT NULL,
            source TEXT NOT NULL,
            comment TEXT,
            labelled_at INTEGER NOT NULL,
            labelled_at_ticks INTEGER NOT NULL,
            labelled_offset_minutes INTEGER NOT NULL
        );

        CREATE INDEX label_history_by_transaction ON label_history (transaction_id, seq);
        """,
    ];

    private const string Columns = "transaction_id, is_fraud, source, comment, labelled_at, labelled_at_ticks, labelled_offset_minutes";
    private const string Values = "$transaction_id, $is_fraud, $source, $comment, $labelled_at, $labelled_at_ticks, $labelled_offset_minutes";

    private readonly SqliteDatabase _database;

    private SqliteLabelStore(SqliteDatabase database) => _database = database;

    /// <summary>Creates the store, migrating its tables to the current schema.</summary>
    public static async Task<SqliteLabelStore> CreateAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await MigrateAsync(database, cancellationToken).ConfigureAwait(false);
        return new SqliteLabelStore(database);
    }

    /// <inheritdoc />
    /// <remarks>
    /// "The same label" means the same verdict (<see cref="TransactionLabel.IsFraud"/>): a second "fraud" from anyone
    /// writes nothing, keeps the first labeller's record and returns it as <see cref="LabelOutcome.Previous"/> with
    /// <see cref="LabelOutcome.Changed"/> false, so counts of labels and terminal risk see one label per verdict.
    /// A different verdict replaces the current label, is appended to the history, and returns the one it replaced.
    /// </remarks>
    public async ValueTask<LabelOutcome> RecordAsync(TransactionLabel label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentException.ThrowIfNullOrEmpty(label.TransactionId, nameof(label));
        var source = LabelSourceNames.Of(label.Source);
        await using var connection = _database.OpenConnection();

        // IMMEDIATE: take the write lock before reading, so the read and the write are one step for every process.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await FindAsync(connection, transaction, label.TransactionId, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.IsFraud == label.IsFraud)
        {
            return new LabelOutcome(Changed: false, current);
        }

        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText =
                $"""
                INSERT INTO labels ({Columns}) VALUES ({Values})
                ON CONFLICT (transaction_id) DO UPDATE SET
                    is_fraud = excluded.is_fraud, source = excluded.source, comment = excluded.comment,
                    labelled_at = excluded.labelled_at, labelled_at_ticks = excluded.labelled_at_ticks,
                    labelled_offset_minutes = excluded.labelled_offset_minutes;
                INSERT INTO label_history ({Columns}) VALUES ({Values});
                """;
            var labelledAt = StoredInstant.From(label.LabelledAt);
            upsert.Parameters.AddWithValue("$transaction_id", label.TransactionId);
            upsert.Parameters.AddWithValue("$is_fraud", label.IsFraud ? 1 : 0);
            upsert.Parameters.AddWithValue("$source", source);
            upsert.Parameters.AddWithValue("$comment", (object?)label.Comment ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$labelled_at", labelledAt.UnixMilliseconds);
            upsert.Parameters.AddWithValue("$labelled_at_ticks", labelledAt.SubMillisecondTicks);
            upsert.Parameters.AddWithValue("$labelled_offset_minutes", labelledAt.OffsetMinutes);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new LabelOutcome(Changed: true, current);
    }

    /// <inheritdoc />
    public async ValueTask<TransactionLabel?> FindAsync(string transactionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactionId);
        await using var connection = _database.OpenConnection();
        return await FindAsync(connection, null, transactionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Brings the label tables to the current schema (the decision log's terminal history reads them too).</summary>
    internal static Task MigrateAsync(SqliteDatabase database, CancellationToken cancellationToken) =>
        database.MigrateAsync(Component, Migrations, cancellationToken);

    private static async Task<TransactionLabel?> FindAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string transactionId, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT {Columns} FROM labels WHERE transaction_id = $transaction_id;";
        select.Parameters.AddWithValue("$transaction_id", transactionId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new TransactionLabel(
            reader.GetString(0),
            reader.GetInt64(1) != 0,
            LabelSourceNames.Parse(reader.GetString(2), transactionId),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            new StoredInstant(reader.GetInt64(4), reader.GetInt32(5), reader.GetInt32(6)).ToDateTimeOffset());
    }
}
