using System.Globalization;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Runtime.Reminders;

/// <summary>
/// Reminders in the cluster's PostgreSQL database, shared by every silo: one row per (grain, name), times in Unix
/// milliseconds, a bigint version as the ETag. Every operation is one autocommitted statement; updates and deletes
/// are conditional on the version, so of two writers from the same version exactly one succeeds.
/// </summary>
public sealed class PostgresReminderTable : IReminderTable
{
    private const string Columns = "grain_type, grain_key, name, start_at_ms, period_ms, version";
    private const string KeyCondition = "grain_type = @type AND grain_key = @key AND name = @name";

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE reminders (
            grain_type text NOT NULL,
            grain_key text NOT NULL,
            name text NOT NULL,
            start_at_ms bigint NOT NULL,
            period_ms bigint NOT NULL,
            version bigint NOT NULL,
            PRIMARY KEY (grain_type, grain_key, name)
        );
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;

    private PostgresReminderTable(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>Creates the table, migrating it to the current schema (silos starting together take turns).</summary>
    public static async Task<PostgresReminderTable> CreateAsync(PostgresDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await database.MigrateAsync("reminders", Migrations, cancellationToken).ConfigureAwait(false);
        return new PostgresReminderTable(database.DataSource);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM reminders;");
        return await QueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM reminders WHERE grain_type = @type AND grain_key = @key;");
        command.Parameters.Add(new NpgsqlParameter<string>("type", grainId.Type));
        command.Parameters.Add(new NpgsqlParameter<string>("key", grainId.Key));
        return await QueryAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM reminders WHERE {KeyCondition};");
        AddKey(command, grainId, name);
        var rows = await QueryAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<string> UpsertRowAsync(ReminderEntry entry, string? expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        long version;
        NpgsqlCommand command;
        if (expectedETag is null)
        {
            // DO NOTHING on conflict: an insert racing another waits for it to commit, then reports 0 rows.
            command = _dataSource.CreateCommand(
                """
                INSERT INTO reminders (grain_type, grain_key, name, start_at_ms, period_ms, version)
                VALUES (@type, @key, @name, @start, @period, 1) ON CONFLICT DO NOTHING;
                """);
            version = 1;
        }
        else
        {
            var expected = ReminderRows.ParseETag(expectedETag);
            command = _dataSource.CreateCommand(
                $"UPDATE reminders SET start_at_ms = @start, period_ms = @period, version = @version + 1 WHERE {KeyCondition} AND version = @version;");
            command.Parameters.Add(new NpgsqlParameter<long>("version", expected));
            version = expected + 1;
        }

        await using (command.ConfigureAwait(false))
        {
            AddKey(command, entry.GrainId, entry.Name);
            command.Parameters.Add(new NpgsqlParameter<long>("start", entry.StartAt.ToUnixTimeMilliseconds()));
            command.Parameters.Add(new NpgsqlParameter<long>("period", (long)entry.Period.TotalMilliseconds));
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new InconsistentStateException(
                    $"Reminder '{entry.Name}' of {entry.GrainId} was changed by someone else (expected version {expectedETag ?? "none"}).");
            }
        }

        return version.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRowAsync(GrainId grainId, string name, string expectedETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectedETag);
        await using var command = _dataSource.CreateCommand($"DELETE FROM reminders WHERE {KeyCondition} AND version = @version;");
        AddKey(command, grainId, name);
        command.Parameters.Add(new NpgsqlParameter<long>("version", ReminderRows.ParseETag(expectedETag)));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<IReadOnlyList<ReminderEntry>> QueryAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        return await ReminderRows.ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(NpgsqlCommand command, GrainId grainId, string name)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("type", grainId.Type));
        command.Parameters.Add(new NpgsqlParameter<string>("key", grainId.Key));
        command.Parameters.Add(new NpgsqlParameter<string>("name", name));
    }
}
