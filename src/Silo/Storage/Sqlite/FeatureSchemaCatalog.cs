using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FraudActors.Grains.Interfaces;
using Microsoft.Data.Sqlite;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// The distinct feature schemas (ordered lists of feature names) of the decision log, stored once each in
/// <c>feature_schemas</c> and cached in memory both ways, so a row stores only a small schema id.
/// A schema is keyed by the SHA-256 of its names as a JSON array (unambiguous whatever the names contain).
/// </summary>
internal sealed class FeatureSchemaCatalog
{
    private readonly ConcurrentDictionary<long, ImmutableArray<string>> _namesById = new();
    private readonly ConcurrentDictionary<ImmutableArray<string>, long> _idsByNames = new(FeatureNamesComparer.Instance);

    // Nearly every decision has the schema of the one before: compare names in place, allocate nothing.
    private volatile KnownSchema? _last;

    /// <summary>The id of the schema of <paramref name="features"/>, if it is committed and known to this process.</summary>
    public bool TryFind(ImmutableArray<FeatureValue> features, out long id)
    {
        var last = _last;
        if (last is not null && HasNames(features, last.Names))
        {
            id = last.Id;
            return true;
        }

        var names = NamesOf(features);
        if (_idsByNames.TryGetValue(names, out id))
        {
            _last = new KnownSchema(id, names);
            return true;
        }

        return false;
    }

    public static ImmutableArray<string> NamesOf(ImmutableArray<FeatureValue> features)
    {
        var names = ImmutableArray.CreateBuilder<string>(features.Length);
        foreach (var feature in features)
        {
            names.Add(feature.Name);
        }

        return names.MoveToImmutable();
    }

    /// <summary>
    /// Writes the schema in the caller's transaction if the database does not hold it yet, and returns its id.
    /// Call <see cref="Publish"/> once that transaction has committed.
    /// </summary>
    public static long InsertOrFind(SqliteConnection connection, SqliteTransaction transaction, ImmutableArray<string> names)
    {
        var json = JsonSerializer.Serialize(names);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(json));
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO feature_schemas (names_hash, names) VALUES ($hash, $names) ON CONFLICT (names_hash) DO NOTHING;";
            insert.Parameters.AddWithValue("$hash", hash);
            insert.Parameters.AddWithValue("$names", json);
            insert.ExecuteNonQuery();
        }

        using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT id, names FROM feature_schemas WHERE names_hash = $hash;";
        select.Parameters.AddWithValue("$hash", hash);
        using var reader = select.ExecuteReader();
        reader.Read();
        if (!string.Equals(reader.GetString(1), json, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Feature schema {reader.GetInt64(0)} has the hash of {json} but other names: {reader.GetString(1)}.");
        }

        return reader.GetInt64(0);
    }

    /// <summary>Makes a committed schema known to lookups.</summary>
    public void Publish(long id, ImmutableArray<string> names)
    {
        _namesById.TryAdd(id, names);
        _idsByNames.TryAdd(names, id);
        _last = new KnownSchema(id, names);
    }

    /// <summary>The names of schema <paramref name="id"/> if this process knows them.</summary>
    public bool TryGetNames(long id, out ImmutableArray<string> names) => _namesById.TryGetValue(id, out names);

    /// <summary>The names of schema <paramref name="id"/>, from the cache or the database.</summary>
    /// <exception cref="InvalidDataException">The database has no such schema.</exception>
    public ImmutableArray<string> GetNames(SqliteConnection connection, long id)
    {
        if (_namesById.TryGetValue(id, out var names))
        {
            return names;
        }

        using var select = connection.CreateCommand();
        select.CommandText = "SELECT names FROM feature_schemas WHERE id = $id;";
        select.Parameters.AddWithValue("$id", id);
        var json = select.ExecuteScalar() as string
            ?? throw new InvalidDataException($"The decision log refers to feature schema {id}, which is not in feature_schemas.");
        names = JsonSerializer.Deserialize<ImmutableArray<string>>(json);
        if (names.IsDefault || names.Any(name => name is null))
        {
            throw new InvalidDataException($"Feature schema {id} is not a JSON array of names: {json}");
        }

        _namesById.TryAdd(id, names);
        _idsByNames.TryAdd(names, id);
        return names;
    }

    private static bool HasNames(ImmutableArray<FeatureValue> features, ImmutableArray<string> names)
    {
        if (features.Length != names.Length)
        {
            return false;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (!string.Equals(features[i].Name, names[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record KnownSchema(long Id, ImmutableArray<string> Names);
}
