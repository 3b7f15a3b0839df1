using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Tests.Artifacts;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FraudActors.Silo.Tests.Storage.Postgres;

public sealed class PostgresArtifactStoreTests : ArtifactStoreContract
{
    private readonly List<PostgresDatabase> _opened = [];
    private PostgresTestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync() =>
        _database = await PostgresTestDatabase.CreateAsync(Ct);

    [Fact]
    public async Task Stores_the_hash_as_32_bytes_beside_the_size()
    {
        var store = await OpenStoreAsync();
        var content = "model bytes"u8.ToArray();
        var hash = await store.PutAsync(content, Ct);

        await using var select = _database!.Database.DataSource.CreateCommand("SELECT sha256, size FROM artifacts;");
        await using var reader = await select.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        Assert.Equal(Convert.FromHexString(hash), reader.GetFieldValue<byte[]>(0));
        Assert.Equal(content.Length, reader.GetInt64(1));
    }

    [Fact]
    public async Task The_service_registration_migrates_the_registered_database_and_stores_there()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_database!.Database);
        services.AddPostgresArtifactStore();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IArtifactStore>();
        var hash = await store.PutAsync("model bytes"u8.ToArray(), Ct);

        Assert.IsType<PostgresArtifactStore>(store);
        Assert.Equal(1, await CountStoredAsync());
        await using var version = _database.Database.DataSource.CreateCommand("SELECT version FROM schema_version WHERE component = 'artifacts';");
        Assert.Equal(1L, await version.ExecuteScalarAsync(Ct));
        Assert.Equal("model bytes"u8.ToArray(), await (await OpenStoreAsync()).GetAsync(hash, Ct));
    }

    protected override async Task<IArtifactStore> OpenStoreAsync()
    {
        // A data source of its own, as another silo process would have.
        var database = new PostgresDatabase(_database!.ConnectionString);
        lock (_opened)
        {
            _opened.Add(database);
        }

        return await PostgresArtifactStore.CreateAsync(database, Ct);
    }

    protected override async Task TamperAsync(string sha256, byte[] content)
    {
        await using var update = _database!.Database.DataSource.CreateCommand("UPDATE artifacts SET content = @content WHERE sha256 = @sha256;");
        update.Parameters.Add(new NpgsqlParameter<byte[]>("content", content));
        update.Parameters.Add(new NpgsqlParameter<byte[]>("sha256", Convert.FromHexString(sha256)));
        Assert.Equal(1, await update.ExecuteNonQueryAsync(Ct));
    }

    protected override async Task<int> CountStoredAsync()
    {
        await using var count = _database!.Database.DataSource.CreateCommand("SELECT count(*) FROM artifacts;");
        return (int)(long)(await count.ExecuteScalarAsync(Ct))!;
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
