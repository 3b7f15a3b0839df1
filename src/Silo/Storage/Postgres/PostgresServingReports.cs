using FraudActors.Grains.Interfaces.Models;
using FraudActors.Grains.Models;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// What each silo of a cluster serves, in the shared database (table <c>silo_models</c>): one row per silo endpoint,
/// replaced by each report, so a restarted silo overwrites its predecessor's row instead of adding one. Which silos
/// count is membership's answer (<see cref="IClusterMembership.Current"/>): a row whose address is not an active
/// silo's (a dead one, or the previous start of an endpoint) is not shown.
/// </summary>
internal sealed class PostgresServingReports : IServingReports
{
    /// <summary>The schema owner in <c>schema_version</c>.</summary>
    internal const string Component = "silo-models";

    // Never edit a script once it has shipped: add one.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE silo_models (
            cluster_id text NOT NULL,
            endpoint text NOT NULL,
            silo text NOT NULL,
            revision bigint NOT NULL,
            champion text,
            challenger text,
            error text,
            loaded_at timestamptz NOT NULL,
            PRIMARY KEY (cluster_id, endpoint)
        );
        """,
    ];

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;
    private readonly IClusterMembership _membership;

    private PostgresServingReports(NpgsqlDataSource dataSource, string clusterId, IClusterMembership membership)
    {
        _dataSource = dataSource;
        _clusterId = clusterId;
        _membership = membership;
    }

    /// <summary>Creates the store, migrating its table to the current schema.</summary>
    public static async Task<PostgresServingReports> CreateAsync(
        PostgresDatabase database, string clusterId, IClusterMembership membership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        ArgumentNullException.ThrowIfNull(membership);
        await database.MigrateAsync(Component, Migrations, cancellationToken).ConfigureAwait(false);
        return new PostgresServingReports(database.DataSource, clusterId, membership);
    }

    /// <inheritdoc />
    public async Task ReportAsync(SiloModels report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var silo = SiloAddress.Parse(report.Silo);
        await using var upsert = _dataSource.CreateCommand(
            """
            INSERT INTO silo_models (cluster_id, endpoint, silo, revision, champion, challenger, error, loaded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (cluster_id, endpoint) DO UPDATE SET
                silo = excluded.silo, revision = excluded.revision, champion = excluded.champion,
                challenger = excluded.challenger, error = excluded.error, loaded_at = excluded.loaded_at
            """);
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{silo.Host}:{silo.Port}" });
        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = report.Silo });
        upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = report.Revision });
        upsert.Parameters.Add(Text(report.Champion));
        upsert.Parameters.Add(Text(report.Challenger));
        upsert.Parameters.Add(Text(report.Error));
        upsert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = report.At.UtcDateTime });
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActiveSiloReport>> ReadActiveAsync(CancellationToken cancellationToken)
    {
        var active = _membership.Current.ActiveSilos.Select(s => s.ToString()).ToArray();
        var reports = new Dictionary<string, SiloModels>(StringComparer.Ordinal);
        await using (var select = _dataSource.CreateCommand(
            """
            SELECT silo, revision, champion, challenger, error, loaded_at
            FROM silo_models WHERE cluster_id = $1 AND silo = ANY($2)
            """))
        {
            select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _clusterId });
            select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = active });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var silo = reader.GetString(0);
                reports[silo] = new SiloModels(
                    silo,
                    reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    new DateTimeOffset(reader.GetFieldValue<DateTime>(5)));
            }
        }

        return [.. active.Select(silo => new ActiveSiloReport(silo, reports.GetValueOrDefault(silo)))];
    }

    private static NpgsqlParameter<string?> Text(string? value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };
}
