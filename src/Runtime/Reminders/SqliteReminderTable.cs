using System.Globalization;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace FraudActors.Runtime.Reminders;

/// <summary>
/// Reminders in the embedded node's SQLite file: one row per (grain, name), times in Unix milliseconds, an integer
/// version as the ETag; updates and deletes are conditional on it.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, start_at, period_ms, version";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE reminders (
            grain_type TEXT NOT NULL,
            grain_key TEXT NOT NULL,
            name TEXT NOT NULL,
            start_at INTEGER NOT NULL,
            period_ms INTEGER NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, name)
        ) WITHOUT ROWID;
        """,
    ];

    private readonly SqliteDatabase _database;

    private SqliteReminderTable(SqliteDatabase database) => _database = database;

    /// <summary>Creates the table, migrating it to the current schema.</summary>
    public static async Task<SqliteReminderTable> CreateAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await database.MigrateAsync("reminders", Migrations, cancellationToken).ConfigureAwait(false);
        return new SqliteReminderTable(database);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM reminders;", null, null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM reminders WHERE grain_type = $type AND grain_key = $key;", grainId, null, cancellationToken);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name;", grainId, name, cancellationToken)
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<string> UpsertRowAsync(ReminderEntry entry, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        AddKey(command, entry.GrainId, entry.Name);
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
        long version;
        if (expectedETag is null)
        {
            command.CommandText = """
                INSERT INTO reminders (grain_type, grain_key, name, start_at, period_ms, version)
                VALUES ($type, $key, $name, $start, $period, 1) ON CONFLICT DO NOTHING;
                """;
            version = 1;
        }
        else
        {
            var expected = ReminderRows.ParseETag(expectedETag);
            command.CommandText = """
                UPDATE reminders SET start_at = $start, period_ms = $period, version = $version + 1
                WHERE grain_type = $type AND grain_key = $key AND name = $name AND version = $version;
                """;
            command.Parameters.AddWithValue("$version", expected);
            version = expected + 1;
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InconsistentStateException(
                $"Reminder '{entry.Name}' of {entry.GrainId} was changed by someone else (expected version {expectedETag ?? "none"}).");
        }

        return version.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRowAsync(GrainId grainId, string name, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedETag);
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name AND version = $version;";
        AddKey(command, grainId, name);
        command.Parameters.AddWithValue("$version", ReminderRows.ParseETag(expectedETag));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, GrainId? grainId, string? name, CancellationToken cancellationToken)
    {
        await using var connection = _database.OpenConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (grainId is { } id)
        {
            command.Parameters.AddWithValue("$type", id.Type);
            command.Parameters.AddWithValue("$key", id.Key);
        }

        if (name is not null)
        {
            command.Parameters.AddWithValue("$name", name);
        }

        return await ReminderRows.ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(SqliteCommand command, GrainId grainId, string name)
    {
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$name", name);
    }
}
