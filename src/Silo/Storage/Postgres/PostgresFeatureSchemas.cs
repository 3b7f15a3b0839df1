using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FraudActors.Grains.Interfaces;
using FraudActors.Silo.Storage.Sqlite;
using Npgsql;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// The decision log's feature schemas in PostgreSQL (<c>feature_schemas</c>), cached in memory both ways by the same
/// <see cref="FeatureSchemaCatalog"/> the SQLite store uses, so a row stores only a schema id. A schema is keyed by
/// the SHA-256 of its names as a JSON array (unambiguous whatever the names contain, and small enough for a unique
/// index however many features there are).
/// </summary>
internal sealed class PostgresFeatureSchemas(NpgsqlDataSource dataSource)
{
    private readonly FeatureSchemaCatalog _cache = new();

    /// <summary>The id of the schema of <paramref name="features"/>, if this process has registered or read it.</summary>
    public bool TryFind(ImmutableArray<FeatureValue> features, out long id) => _cache.TryFind(features, out id);

    /// <summary>
    /// Writes the schema unless the database holds it (committed before this returns, so a decision naming it never
    /// precedes it), and returns its id. Several silos registering one schema at once agree on one row.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored schema with this hash has other names.</exception>
    public async ValueTask<long> RegisterAsync(ImmutableArray<string> names, CancellationToken cancellationToken)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(names)));
        await using var batch = dataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand(PostgresDecisionLogSchema.InsertSchema);
        insert.Parameters.Add(new NpgsqlParameter<byte[]>("hash", hash));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("names", [.. names]));
        var select = new NpgsqlBatchCommand(PostgresDecisionLogSchema.FindSchemaByHash);
        select.Parameters.Add(new NpgsqlParameter<byte[]>("hash", hash));
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(select);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidDataException("A feature schema just written is not in feature_schemas.");
        }

        var id = reader.GetInt64(0);
        var stored = reader.GetFieldValue<string[]>(1);
        if (!stored.AsSpan().SequenceEqual(names.AsSpan(), StringComparer.Ordinal))
        {
            throw new InvalidDataException($"Feature schema {id} has the hash of [{string.Join(", ", names)}] but other names: [{string.Join(", ", stored)}].");
        }

        _cache.Publish(id, names);
        return id;
    }

    /// <summary>The names of schema <paramref name="id"/>, from the cache or the database.</summary>
    /// <exception cref="InvalidDataException">The database has no such schema.</exception>
    public async ValueTask<ImmutableArray<string>> GetNamesAsync(long id, CancellationToken cancellationToken)
    {
        if (_cache.TryGetNames(id, out var names))
        {
            return names;
        }

        await using var select = dataSource.CreateCommand(PostgresDecisionLogSchema.FindSchemaById);
        select.Parameters.Add(new NpgsqlParameter<long>("id", id));
        var stored = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string[]
            ?? throw new InvalidDataException($"The decision log refers to feature schema {id}, which is not in feature_schemas.");
        names = [.. stored];
        _cache.Publish(id, names);
        return names;
    }
}
