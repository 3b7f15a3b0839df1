using System.Data;
using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Runtime.Cluster.Membership;

/// <summary>
/// The membership table in PostgreSQL: a version row per cluster, raised in the same transaction as every status
/// change, and one row per silo whose heartbeat is stamped with <c>clock_timestamp()</c>, so silence is measured
/// by one clock for everyone.
/// </summary>
/// <remarks>
/// Several clusters may share one database: every row carries its cluster id, and nothing here reads another's.
/// Why the races come out right:
/// <list type="bullet">
/// <item>Two status changes from the same version: both update the version row; the second waits for the first's
/// row lock, then re-checks <c>version = expected</c> on the committed row (read committed re-evaluates the
/// condition) and matches nothing, so it rolls back.</item>
/// <item>A heartbeat racing a declaration of death: both update the silo's row. Whichever waits re-checks its
/// condition on the other's result: a declaration finds the silence gone and fails; a heartbeat finds the silo dead
/// and reports it. A silo is therefore never declared dead within <c>deathTimeout</c> of a heartbeat that
/// succeeded, and never goes on heartbeating once declared dead.</item>
/// </list>
/// </remarks>
public sealed class PostgresMembershipTable : IMembershipTable
{
    // Never edit a script once it has shipped: add one.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE cluster_versions (
            cluster_id text PRIMARY KEY,
            version bigint NOT NULL
        );

        CREATE TABLE cluster_members (
            cluster_id text NOT NULL,
            address text NOT NULL,
            status smallint NOT NULL,
            started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            heartbeat_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            status_changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            declared_dead_by text,
            PRIMARY KEY (cluster_id, address)
        );
        """,
    ];

    private const short DeadStatus = (short)MembershipStatus.Dead;

    private readonly PostgresDatabase _database;
    private readonly string _clusterId;

    /// <summary>Uses the membership rows of <paramref name="clusterId"/> in <paramref name="database"/>.</summary>
    public PostgresMembershipTable(PostgresDatabase database, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        _database = database;
        _clusterId = clusterId;
    }

    /// <summary>Name of the schema component in <c>schema_version</c>.</summary>
    internal const string Component = "membership";

    /// <inheritdoc />
    /// <remarks>Migrates the schema (silos starting together take turns) and creates this cluster's version row.</remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _database.MigrateAsync(Component, Migrations, cancellationToken).ConfigureAwait(false);
        await using var command = _database.DataSource.CreateCommand(
            "INSERT INTO cluster_versions (cluster_id, version) VALUES ($1, 0) ON CONFLICT (cluster_id) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        // One statement, so one snapshot: the version and the rows always belong together (two statements could
        // pair version v with rows written at v + 1).
        await using var command = _database.DataSource.CreateCommand(
            """
            SELECT v.version, m.address, m.status, m.started_at,
                   EXTRACT(EPOCH FROM clock_timestamp() - m.heartbeat_at)::double precision, m.declared_dead_by
            FROM cluster_versions v
            LEFT JOIN cluster_members m ON m.cluster_id = v.cluster_id
            WHERE v.cluster_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long? version = null;
        var entries = new List<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = reader.GetInt64(0);
            if (reader.IsDBNull(1))
            {
                continue;
            }

            entries.Add(new MembershipEntry(
                SiloAddress.Parse(reader.GetString(1)),
                (MembershipStatus)reader.GetInt16(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(4))),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return version is { } read
            ? new MembershipSnapshot(read, entries)
            : throw new InvalidOperationException(
                $"The membership table of cluster '{_clusterId}' in database {_database.DatabaseName} on {_database.Host} is not initialised: call InitializeAsync first.");
    }

    /// <inheritdoc />
    public Task<bool> TrySetStatusAsync(SiloAddress silo, MembershipStatus status, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (status == MembershipStatus.Dead)
        {
            // A silo leaving: no heartbeat stamp, so its row shows when it was last heard.
            return VersionedAsync(
                expectedVersion,
                $"""
                UPDATE cluster_members SET status = {DeadStatus}, status_changed_at = clock_timestamp()
                WHERE cluster_id = $1 AND address = $2 AND status <> {DeadStatus}
                """,
                [silo.ToString()],
                cancellationToken);
        }

        // Inserts a new silo; moves a live one on. A dead row never comes back to life: a silo declared dead must
        // step down, and a restart is a new generation, hence a new row.
        return VersionedAsync(
            expectedVersion,
            $"""
            INSERT INTO cluster_members (cluster_id, address, status) VALUES ($1, $2, $3)
            ON CONFLICT (cluster_id, address) DO UPDATE
                SET status = excluded.status, heartbeat_at = clock_timestamp(), status_changed_at = clock_timestamp()
                WHERE cluster_members.status <> {DeadStatus}
            """,
            [silo.ToString(), (short)status],
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryDeclareDeadAsync(SiloAddress suspect, SiloAddress declaredBy, TimeSpan deathTimeout, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(declaredBy);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deathTimeout, TimeSpan.Zero);

        // The silence is checked here, in the write, by the database's clock: what the caller read may be stale.
        return VersionedAsync(
            expectedVersion,
            $"""
            UPDATE cluster_members SET status = {DeadStatus}, declared_dead_by = $3, status_changed_at = clock_timestamp()
            WHERE cluster_id = $1 AND address = $2 AND status <> {DeadStatus} AND clock_timestamp() - heartbeat_at > $4
            """,
            [suspect.ToString(), declaredBy.ToString(), deathTimeout],
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await using var command = _database.DataSource.CreateCommand(
            $"UPDATE cluster_members SET heartbeat_at = clock_timestamp() WHERE cluster_id = $1 AND address = $2 AND status <> {DeadStatus}");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = silo.ToString() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<int> CleanUpAsync(TimeSpan age, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(age, TimeSpan.Zero);

        // Not versioned: a dead row is in no view, so removing it changes none. A silo resuming after its row is
        // gone finds its heartbeat rejected all the same.
        await using var command = _database.DataSource.CreateCommand(
            $"DELETE FROM cluster_members WHERE cluster_id = $1 AND status = {DeadStatus} AND status_changed_at < clock_timestamp() - $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = age });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Raises the version if it is still <paramref name="expectedVersion"/> and applies <paramref name="changeSql"/>
    /// (parameter $1 is the cluster id, then <paramref name="values"/>), all or nothing: a change that matches no row
    /// rolls the version back too, so the version moves only when the table does.
    /// </summary>
    private async Task<bool> VersionedAsync(long expectedVersion, string changeSql, object[] values, CancellationToken cancellationToken)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using (var bump = new NpgsqlCommand("UPDATE cluster_versions SET version = version + 1 WHERE cluster_id = $1 AND version = $2", connection, transaction))
        {
            bump.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
            bump.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedVersion });
            if (await bump.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await using (var change = new NpgsqlCommand(changeSql, connection, transaction))
        {
            change.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
            foreach (var value in values)
            {
                change.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            if (await change.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
