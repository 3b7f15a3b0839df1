using Microsoft.Data.Sqlite;

namespace FraudActors.Runtime.Persistence.Sqlite;

/// <summary>
/// One SQLite database file of the embedded node: opens pooled connections configured for durability
/// (WAL journal, <c>synchronous=FULL</c>: a commit is on disk when it returns) and applies versioned schema
/// migrations per component.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    /// <summary>Uses (and creates if needed) the database file at <paramref name="path"/>.</summary>
    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = OpenConnection();
        using var command = connection.CreateCommand();

        // WAL is a property of the file: set once. It lets readers proceed while the single writer commits.
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens a pooled connection with this node's per-connection settings.</summary>
    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();

        // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss, not only a crash.
        command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Brings the schema of <paramref name="component"/> to the latest version by running the scripts it has not
    /// run yet, in order, in one write transaction. Idempotent, and safe when several processes start together.
    /// </summary>
    /// <param name="component">Name of the schema owner (e.g. <c>grain-state</c>).</param>
    /// <param name="migrations">SQL scripts; index i brings the schema from version i to i + 1. Never edit a shipped one.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    public async Task MigrateAsync(string component, IReadOnlyList<string> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        await using var connection = OpenConnection();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(
            System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;";
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long version;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT version FROM schema_version WHERE component = $component;";
            read.Parameters.AddWithValue("$component", component);
            version = (long?)await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0;
        }

        if (version > migrations.Count)
        {
            throw new InvalidOperationException(
                $"The database {Path} holds schema version {version} of '{component}', newer than this build knows ({migrations.Count}).");
        }

        for (var i = (int)version; i < migrations.Count; i++)
        {
            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = migrations[i];
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var write = connection.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = "INSERT INTO schema_version (component, version) VALUES ($component, $version) ON CONFLICT (component) DO UPDATE SET version = excluded.version;";
            write.Parameters.AddWithValue("$component", component);
            write.Parameters.AddWithValue("$version", migrations.Count);
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
