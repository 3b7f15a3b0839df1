using System.Data;
using Npgsql;

namespace FraudActors.Runtime.Persistence.Postgres;

/// <summary>
/// The PostgreSQL database a cluster of silos shares: one pooled <see cref="NpgsqlDataSource"/> per process, and
/// versioned schema migrations per component that several silos may run at the same moment.
/// </summary>
/// <remarks>
/// Pool settings come from the connection string. Where it leaves them out, this class sets:
/// <list type="bullet">
/// <item><c>Maximum Pool Size=20</c> (Npgsql's default is 100): storage statements are short, so 20 in flight
/// saturate a silo, and several silos plus tools stay under PostgreSQL's default <c>max_connections</c> of 100.</item>
/// <item><c>Max Auto Prepare=32</c>: the few statements a silo repeats on every grain write are prepared on the
/// server after a few uses, skipping parse and plan.</item>
/// <item><c>Application Name=fraudactors</c>: so the silo's sessions are recognisable in <c>pg_stat_activity</c>.</item>
/// </list>
/// Npgsql's other defaults stand: no idle connections kept open (<c>Minimum Pool Size=0</c>), idle ones closed after
/// 300 s, a 15 s connect timeout and a 30 s command timeout.
/// </remarks>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary><c>Maximum Pool Size</c> used when the connection string does not set one.</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary><c>Max Auto Prepare</c> used when the connection string does not set one.</summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>
    /// First key of the (int, int) advisory locks that serialise migrations; the second key is the component's hash
    /// (0 for the version table itself). Other subsystems taking advisory locks use their own first key.
    /// </summary>
    internal const int MigrationLockSpace = 0x46410001;

    /// <summary>Uses the database the connection string names.</summary>
    /// <param name="connectionString">An Npgsql connection string (host, port, database, username, password, ...).</param>
    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);

        // Keys lists only what the string set (under the canonical keyword), so explicit choices win over ours.
        var set = builder.Keys.Cast<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!set.Contains("Maximum Pool Size"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!set.Contains("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!set.Contains("Application Name"))
        {
            builder.ApplicationName = "fraudactors";
        }

        DatabaseName = builder.Database ?? builder.Username ?? "postgres";
        Host = $"{builder.Host}:{builder.Port}";
        DataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The pooled data source: open connections or create commands from it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Name of the database (for messages; never the password).</summary>
    public string DatabaseName { get; }

    /// <summary>Host and port of the server (for messages).</summary>
    public string Host { get; }

    /// <summary>
    /// Brings the schema of <paramref name="component"/> to the latest version by running the scripts it has not
    /// run yet, in order, in one transaction. Idempotent, and safe when several silo processes start together: a
    /// transaction-level advisory lock keyed on the component makes them take turns, and the later ones find the
    /// work done.
    /// </summary>
    /// <param name="component">Name of the schema owner (e.g. <c>grain-state</c>).</param>
    /// <param name="migrations">SQL scripts; index i brings the schema from version i to i + 1. Never edit a shipped one.</param>
    /// <param name="cancellationToken">Cancels the migration (the transaction rolls back).</param>
    public async Task MigrateAsync(string component, IReadOnlyList<string> migrations, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentNullException.ThrowIfNull(migrations);
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await EnsureVersionTableAsync(connection, cancellationToken).ConfigureAwait(false);

        // Read committed, not stricter: each statement then reads what committed before it started, so the version
        // read after the lock is granted sees the migration that the previous holder committed.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        long version;
        await using (var read = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@space, @component_key);
            SELECT version FROM schema_version WHERE component = @component;
            """,
            connection,
            transaction))
        {
            read.Parameters.Add(new NpgsqlParameter<int>("space", MigrationLockSpace));
            read.Parameters.Add(new NpgsqlParameter<int>("component_key", unchecked((int)StableHash.Of(component))));
            read.Parameters.Add(new NpgsqlParameter<string>("component", component));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            version = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt64(0) : 0;
        }

        if (version > migrations.Count)
        {
            throw new InvalidOperationException(
                $"The database {DatabaseName} on {Host} holds schema version {version} of '{component}', newer than this build knows ({migrations.Count}).");
        }

        if (version == migrations.Count)
        {
            return;
        }

        for (var i = (int)version; i < migrations.Count; i++)
        {
            await using var migrate = new NpgsqlCommand(migrations[i], connection, transaction);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var write = new NpgsqlCommand(
            """
            INSERT INTO schema_version (component, version) VALUES (@component, @version)
            ON CONFLICT (component) DO UPDATE SET version = excluded.version;
            """,
            connection,
            transaction))
        {
            write.Parameters.Add(new NpgsqlParameter<string>("component", component));
            write.Parameters.Add(new NpgsqlParameter<long>("version", migrations.Count));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => DataSource.Dispose();

    /// <summary>
    /// Creates the version table under its own lock and transaction: two components migrating a fresh database at
    /// once would otherwise both run CREATE TABLE IF NOT EXISTS, and the loser fails on PostgreSQL's catalog unique
    /// index instead of finding the table.
    /// </summary>
    private static async Task EnsureVersionTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        await using var create = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@space, 0);
            CREATE TABLE IF NOT EXISTS schema_version (component text PRIMARY KEY, version bigint NOT NULL);
            """,
            connection,
            transaction);
        create.Parameters.Add(new NpgsqlParameter<int>("space", MigrationLockSpace));
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
