using FraudActors.Runtime.Cluster;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraudActors.Silo.Tests.Storage.Postgres;

/// <summary>A fresh PostgreSQL database per test, the logs started on it, and SQL for checking what is really stored.</summary>
internal sealed class PostgresDecisionLogTestBed : IAsyncDisposable
{
    private readonly List<PostgresDecisionLog> _logs = [];

    private PostgresDecisionLogTestBed(PostgresTestDatabase database) => Database = database;

    public PostgresTestDatabase Database { get; }

    public static async Task<PostgresDecisionLogTestBed> CreateAsync() =>
        new(await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken));

    public async Task<PostgresDecisionLog> StartAsync(PostgresDecisionLogOptions? options = null, SiloFence? fence = null)
    {
        var log = await PostgresDecisionLog.CreateAsync(
            Database.Database, options ?? new PostgresDecisionLogOptions(), NullLogger.Instance, TestContext.Current.CancellationToken, fence);
        _logs.Add(log);
        return log;
    }

    /// <summary>Runs SQL on its own connection (schema tricks that make commits fail).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var command = Database.Database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Counts rows as another session sees them: committed ones only.</summary>
    public async Task<long> CountAsync(string table, string where = "true")
    {
        await using var command = Database.Database.DataSource.CreateCommand($"SELECT count(*) FROM {table} WHERE {where};");
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var log in _logs)
        {
            await log.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
