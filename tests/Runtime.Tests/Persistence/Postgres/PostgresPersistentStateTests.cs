using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Runtime.Tests.Persistence.Postgres;

public sealed class PostgresPersistentStateTests : PersistentStateContract
{
    private PostgresTestDatabase? _database;

    protected override async ValueTask<Action<IServiceCollection>> PrepareStorageAsync()
    {
        var database = _database = await PostgresTestDatabase.CreateAsync(TestContext.Current.CancellationToken);
        return services =>
        {
            services.AddSingleton(database.Database);
            services.AddPostgresGrainStorage();
        };
    }

    protected override async ValueTask DisposeStorageAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
