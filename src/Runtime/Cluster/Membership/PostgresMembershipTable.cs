using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>
/// The membership table in PostgreSQL: a version row per cluster, raised in the same transaction as every status
/// change, and one row per silo whose heartbeat is stamped with <c>clock_timestamp()</c>, so silence is measured
/// by one clock for everyone.
/// </summary>
public sealed class PostgresMembershipTable(PostgresDatabase database, string clusterId) : IMembershipTable
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE cluster_versions (
            cluster_id TEXT PRIMARY KEY,
            version BIGINT NOT NULL
        );

        CREATE TABLE cluster_members (
            cluster_id TEXT NOT NULL,
            address TEXT NOT NULL,
            status SMALLINT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
            declared_dead_by TEXT,
            PRIMARY KEY (cluster_id, address)
        );
        """,
    ];

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => database.MigrateAsync("membership", Migrations, cancellationToken);

    /// <inheritdoc />
    public async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(Command("SELECT version FROM cluster_versions WHERE cluster_id = $1", clusterId));
        batch.BatchCommands.Add(Command(
            """
            SELECT address, status, started_at, EXTRACT(EPOCH FROM clock_timestamp() - heartbeat_at)::double precision, declared_dead_by
            FROM cluster_members WHERE cluster_id = $1
            """,
            clusterId));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long version = 0;
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = reader.GetInt64(0);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new MembershipEntry(
                SiloAddress.Parse(reader.GetString(0)),
                (MembershipStatus)reader.GetInt16(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(3))),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return new MembershipSnapshot(version, entries);
    }

    /// <inheritdoc />
    public Task<bool> TrySetStatusAsync(SiloAddress silo, MembershipStatus status, long expectedVersion, CancellationToken cancellationToken) =>
        VersionedAsync(expectedVersion, Command(
            """
            INSERT INTO cluster_members (cluster_id, address, status) VALUES ($1, $2, $3)
            ON CONFLICT (cluster_id, address) DO UPDATE SET status = excluded.status, heartbeat_at = clock_timestamp()
            WHERE cluster_members.status <> 4
            """,
            clusterId, silo.ToString(), (short)status), cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryDeclareDeadAsync(SiloAddress suspect, SiloAddress declaredBy, TimeSpan deathTimeout, long expectedVersion, CancellationToken cancellationToken) =>
        VersionedAsync(expectedVersion, Command(
            """
            UPDATE cluster_members SET status = 4, declared_dead_by = $3
            WHERE cluster_id = $1 AND address = $2 AND status <> 4 AND clock_timestamp() - heartbeat_at > $4
            """,
            clusterId, suspect.ToString(), declaredBy.ToString(), deathTimeout), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "UPDATE cluster_members SET heartbeat_at = clock_timestamp() WHERE cluster_id = $1 AND address = $2 AND status <> 4");
        command.Parameters.AddWithValue(clusterId);
        command.Parameters.AddWithValue(silo.ToString());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task CleanUpAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "DELETE FROM cluster_members WHERE cluster_id = $1 AND status = 4 AND heartbeat_at < clock_timestamp() - $2");
        command.Parameters.AddWithValue(clusterId);
        command.Parameters.AddWithValue(age);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Raises the version if it is still <paramref name="expectedVersion"/> and runs <paramref name="change"/>, all or nothing.</summary>
    private async Task<bool> VersionedAsync(long expectedVersion, NpgsqlBatchCommand change, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var ensure = new NpgsqlCommand("INSERT INTO cluster_versions (cluster_id, version) VALUES ($1, 0) ON CONFLICT DO NOTHING", connection, transaction))
        {
            ensure.Parameters.AddWithValue(clusterId);
            await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var bump = new NpgsqlCommand("UPDATE cluster_versions SET version = version + 1 WHERE cluster_id = $1 AND version = $2", connection, transaction))
        {
            bump.Parameters.AddWithValue(clusterId);
            bump.Parameters.AddWithValue(expectedVersion);
            if (await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await using var apply = new NpgsqlCommand(change.CommandText, connection, transaction);
        foreach (NpgsqlParameter parameter in change.Parameters)
        {
            apply.Parameters.Add(parameter.Clone());
        }

        if (await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
