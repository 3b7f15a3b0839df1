using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Testing;
using Npgsql;

namespace FraudActors.Runtime.Tests.Persistence.Postgres;

public sealed class PostgresDatabaseTests : IAsyncLifetime
{
    // Each script records that it ran, so running one twice shows up as a duplicate row (and creating a table
    // twice fails outright).
    private static readonly string[] Scripts =
    [
        "CREATE TABLE {0}_runs (script int NOT NULL); INSERT INTO {0}_runs VALUES (1);",
        "CREATE TABLE {0}_widget (id int PRIMARY KEY); INSERT INTO {0}_runs VALUES (2);",
    ];

    private PostgresTestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresTestDatabase Fixture => _database!;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(Ct);

    [Fact]
    public async Task Migrating_again_runs_only_the_scripts_added_since()
    {
        await Fixture.Database.MigrateAsync("alpha", MigrationsOf("alpha")[..1], Ct);
        await Fixture.Database.MigrateAsync("alpha", MigrationsOf("alpha"), Ct);
        await Fixture.Database.MigrateAsync("alpha", MigrationsOf("alpha"), Ct);

        Assert.Equal(new[] { 1, 2 }, await RunsAsync("alpha"));
        Assert.Equal(2, await VersionAsync("alpha"));
    }

    [Fact]
    public async Task Racing_migrations_on_a_fresh_database_all_succeed_and_run_each_script_once()
    {
        // Eight silos starting at once, each with its own pool, migrating two components: the version table, and
        // each component's scripts, must be created exactly once.
        var silos = Enumerable.Range(0, 8).Select(_ => new PostgresDatabase(Fixture.ConnectionString)).ToArray();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var migrations = silos
                .Select((silo, i) => Task.Run(async () =>
                {
                    await start.Task;
                    var component = i % 2 == 0 ? "alpha" : "beta";
                    await silo.MigrateAsync(component, MigrationsOf(component), Ct);
                }))
                .ToArray();
            start.SetResult();
            await Task.WhenAll(migrations);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }

        Assert.Equal(new[] { 1, 2 }, await RunsAsync("alpha"));
        Assert.Equal(new[] { 1, 2 }, await RunsAsync("beta"));
        Assert.Equal(2, await VersionAsync("alpha"));
        Assert.Equal(2, await VersionAsync("beta"));
    }

    [Fact]
    public async Task A_failing_script_rolls_the_whole_migration_back()
    {
        string[] broken = [.. MigrationsOf("alpha")[..1], "CREATE TABLE alpha_widget (id int PRIMARY KEY); SELECT 1 / 0;"];

        await Assert.ThrowsAsync<PostgresException>(() => Fixture.Database.MigrateAsync("alpha", broken, Ct));

        Assert.Null(await ScalarAsync<string>("SELECT to_regclass('alpha_runs')::text;"));
        Assert.Null(await VersionAsync("alpha"));
        await Fixture.Database.MigrateAsync("alpha", MigrationsOf("alpha"), Ct);
        Assert.Equal(new[] { 1, 2 }, await RunsAsync("alpha"));
    }

    [Fact]
    public async Task A_database_newer_than_the_build_is_refused_by_name()
    {
        await Fixture.Database.MigrateAsync("alpha", MigrationsOf("alpha"), Ct);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Fixture.Database.MigrateAsync("alpha", MigrationsOf("alpha")[..1], Ct));

        Assert.Contains("'alpha'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Fixture.Name, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pool_settings_default_where_the_connection_string_is_silent_and_yield_where_it_speaks()
    {
        await using var silent = new PostgresDatabase("Host=127.0.0.1;Database=x");
        await using var explicitly = new PostgresDatabase("Host=127.0.0.1;Database=x;MaxPoolSize=3;Max Auto Prepare=0;Application Name=probe");

        var defaults = new NpgsqlConnectionStringBuilder(silent.DataSource.ConnectionString);
        var chosen = new NpgsqlConnectionStringBuilder(explicitly.DataSource.ConnectionString);

        Assert.Equal((20, 32, "fraudactors"), (defaults.MaxPoolSize, defaults.MaxAutoPrepare, defaults.ApplicationName));
        Assert.Equal((3, 0, "probe"), (chosen.MaxPoolSize, chosen.MaxAutoPrepare, chosen.ApplicationName));
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static string[] MigrationsOf(string component) =>
        [.. Scripts.Select(script => string.Format(System.Globalization.CultureInfo.InvariantCulture, script, component))];

    private async Task<int[]> RunsAsync(string component)
    {
        await using var command = Fixture.Database.DataSource.CreateCommand($"SELECT script FROM {component}_runs ORDER BY script;");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var runs = new List<int>();
        while (await reader.ReadAsync(Ct))
        {
            runs.Add(reader.GetInt32(0));
        }

        return [.. runs];
    }

    private async Task<long?> VersionAsync(string component)
    {
        await using var command = Fixture.Database.DataSource.CreateCommand("SELECT version FROM schema_version WHERE component = @component;");
        command.Parameters.Add(new NpgsqlParameter<string>("component", component));
        return (long?)await command.ExecuteScalarAsync(Ct);
    }

    private async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = Fixture.Database.DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync(Ct);
        return value is DBNull or null ? default : (T)value;
    }
}
