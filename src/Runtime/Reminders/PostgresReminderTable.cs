using System.Globalization;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Runtime.Reminders;

/// <summary>
/// Reminders in the cluster's PostgreSQL database, shared by every silo: one row per (grain, name), times in Unix
/// milliseconds, a bigint version as the ETag. Every operation is one autocommitted statement; updates and deletes
/// are conditional on the version, so of two writers from the same version exactly one succeeds.
/// </summary>
/// <remarks>
/// Registrations run in the grain's turn, so a stale activation on a silo its peers declared dead could register or
/// remove a reminder the grain's new owner knows nothing of (the version check stops it only once the new owner has
/// written first). In a cluster every write is therefore also fenced by the silo's <see cref="SiloFence"/>.
/// </remarks>
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

    // DO NOTHING on conflict: an insert racing another waits for it to commit, then reports 0 rows.
    private const string Insert =
        """
        INSERT INTO reminders (grain_type, grain_key, name, start_at_ms, period_ms, version)
        VALUES (@type, @key, @name, @start, @period, 1) ON CONFLICT DO NOTHING;
        """;

    private const string Update =
        $"UPDATE reminders SET start_at_ms = @start, period_ms = @period, version = @version + 1 WHERE {KeyCondition} AND version = @version;";

    private const string Delete = $"DELETE FROM reminders WHERE {KeyCondition} AND version = @version;";

    private static readonly string FencedInsert = SiloFence.WrapWrite(
        """
        INSERT INTO reminders (grain_type, grain_key, name, start_at_ms, period_ms, version)
        SELECT @type, @key, @name, @start, @period, 1 WHERE EXISTS (SELECT FROM fence) ON CONFLICT DO NOTHING RETURNING 1
        """);

    private static readonly string FencedUpdate = SiloFence.WrapWrite(
        $"UPDATE reminders SET start_at_ms = @start, period_ms = @period, version = @version + 1 WHERE {KeyCondition} AND version = @version AND EXISTS (SELECT FROM fence) RETURNING 1");

    private static readonly string FencedDelete = SiloFence.WrapWrite(
        $"DELETE FROM reminders WHERE {KeyCondition} AND version = @version AND EXISTS (SELECT FROM fence) RETURNING 1");

    private readonly NpgsqlDataSource _dataSource;
    private readonly SiloFence? _fence;

    private PostgresReminderTable(NpgsqlDataSource dataSource, SiloFence? fence)
    {
        _dataSource = dataSource;
        _fence = fence;
    }

    /// <summary>Creates the table, migrating it to the current schema (silos starting together take turns).</summary>
    /// <param name="database">The shared database.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <param name="fence">This silo's fence in a cluster (its membership row must be in <paramref name="database"/>);
    /// null to write unfenced.</param>
    public static async Task<PostgresReminderTable> CreateAsync(PostgresDatabase database, CancellationToken cancellationToken, SiloFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        await database.MigrateAsync("reminders", Migrations, cancellationToken).ConfigureAwait(false);
        return new PostgresReminderTable(database.DataSource, fence);
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
            command = _dataSource.CreateCommand(_fence is null ? Insert : FencedInsert);
            version = 1;
        }
        else
        {
            var expected = ReminderRows.ParseETag(expectedETag);
            command = _dataSource.CreateCommand(_fence is null ? Update : FencedUpdate);
            command.Parameters.Add(new NpgsqlParameter<long>("version", expected));
            version = expected + 1;
        }

        await using (command.ConfigureAwait(false))
        {
            AddKey(command, entry.GrainId, entry.Name);
            command.Parameters.Add(new NpgsqlParameter<long>("start", entry.StartAt.ToUnixTimeMilliseconds()));
            command.Parameters.Add(new NpgsqlParameter<long>("period", (long)entry.Period.TotalMilliseconds));
            if (await SiloFence.ExecuteWriteAsync(_fence, command, $"writing reminder '{entry.Name}' of {entry.GrainId}", cancellationToken).ConfigureAwait(false) != 1)
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
        await using var command = _dataSource.CreateCommand(_fence is null ? Delete : FencedDelete);
        AddKey(command, grainId, name);
        command.Parameters.Add(new NpgsqlParameter<long>("version", ReminderRows.ParseETag(expectedETag)));
        return await SiloFence.ExecuteWriteAsync(_fence, command, $"removing reminder '{name}' of {grainId}", cancellationToken).ConfigureAwait(false) == 1;
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
