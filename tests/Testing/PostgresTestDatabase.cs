using FraudActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace FraudActors.Testing;

/// <summary>
/// A fresh, empty PostgreSQL database on the tests' server (<c>fa_test_&lt;guid&gt;</c>), dropped on dispose. The
/// server comes from <see cref="ConnectionStringVariable"/>, which <c>./test.sh</c> sets after starting PostgreSQL on
/// loopback; without it the test fails rather than skips, so CI cannot pass without proving the storage.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    /// <summary>Environment variable holding a connection string to a server where the role may CREATE DATABASE.</summary>
    public const string ConnectionStringVariable = "FRAUDACTORS_TEST_POSTGRES";

    private static readonly Lazy<string> ServerConnectionString = new(ReadServerConnectionString);

    // One small pool for CREATE/DROP DATABASE, shared by every fixture in the test process.
    private static readonly Lazy<NpgsqlDataSource> Server = new(() =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ServerConnectionString.Value) { MaxPoolSize = 4 }));

    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        Database = new PostgresDatabase(connectionString);
    }

    /// <summary>Name of the database.</summary>
    public string Name { get; }

    /// <summary>Connection string to this database (e.g. for a second <see cref="PostgresDatabase"/>, as another silo process would have).</summary>
    public string ConnectionString { get; }

    /// <summary>The database, with the runtime's pool settings.</summary>
    public PostgresDatabase Database { get; }

    /// <summary>Creates the database.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var name = $"fa_test_{Guid.NewGuid():N}";
        await using (var create = Server.Value.CreateCommand($"CREATE DATABASE {name};"))
        {
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException exception) when (exception is not PostgresException)
            {
                var server = new NpgsqlConnectionStringBuilder(ServerConnectionString.Value);
                throw new InvalidOperationException(
                    $"The tests' PostgreSQL at {server.Host}:{server.Port} (from {ConnectionStringVariable}) does not answer: " +
                    "run ./test.sh, which starts it on loopback.", exception);
            }
        }

        // From the variable, not the admin pool's settings, so the database gets the runtime's own pool defaults.
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString.Value) { Database = name };
        return new PostgresTestDatabase(name, builder.ConnectionString);
    }

    /// <summary>Closes this fixture's connections and drops the database, ending any connection a test left open.</summary>
    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync().ConfigureAwait(false);

        // FORCE terminates the sessions still connected (say, a pool a test forgot to dispose) before dropping. It may
        // not terminate an autovacuum worker that happens to be visiting the new database (42501: the worker runs as
        // no role this one is a member of); the worker leaves within moments, so the drop is tried again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                await using var drop = Server.Value.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE);");
                await drop.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (PostgresException refused) when (refused.SqlState == PostgresErrorCodes.InsufficientPrivilege && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            }
        }
    }

    private static string ReadServerConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ConnectionStringVariable} is not set. Run the tests with ./test.sh, which installs and starts PostgreSQL on " +
                $"127.0.0.1 and sets it; or export {ConnectionStringVariable} as an Npgsql connection string to a server " +
                "where the role may CREATE DATABASE.");
        }

        return connectionString;
    }
}
