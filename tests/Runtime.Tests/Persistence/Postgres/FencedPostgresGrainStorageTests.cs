using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Persistence.Postgres;

/// <summary>The storage contract holds unchanged when every write is fenced by a live silo's row.</summary>
public sealed class FencedPostgresGrainStorageTests : GrainStorageContract
{
    private readonly List<PostgresDatabase> _opened = [];
    private PostgresTestDatabase? _database;

    public override async ValueTask InitializeAsync() =>
        _database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);

    protected override async Task<IGrainStorage> OpenStorageAsync()
    {
        // Another silo process: a pool of its own and a row of its own.
        var database = new PostgresDatabase(_database!.ConnectionString);
        _opened.Add(database);
        var silo = await FencedSiloRow.RegisterAsync(database, TestContext.Current.CancellationToken);
        return await PostgresGrainStorage.CreateAsync(database, TimeProvider.System, TestContext.Current.CancellationToken, silo.Fence);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
