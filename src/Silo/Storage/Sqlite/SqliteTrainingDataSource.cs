using System.Buffers.Binary;
using System.Collections.Immutable;
using FraudActors.Grains.Training;
using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Runtime.Persistence.Sqlite;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// Labelled production decisions for retraining, read from the decision log's store with the features exactly as
/// they were logged, mapped by name onto <see cref="FeatureSchema"/> (a decision logged under a schema that lacks one
/// of the model's features cannot train it and is skipped). Decisions still in the journal's unindexed tail (the last
/// second or so) are not read: against a window of weeks they do not matter, and reading them would mean holding the
/// indexer back.
/// </summary>
internal sealed class SqliteTrainingDataSource(SqliteDatabase database) : ITrainingDataSource
{
    private readonly FeatureSchemaCatalog _schemas = new();

    /// <inheritdoc />
    public Task<LabelledRows> ReadRecentAsync(int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);

        // SQLite's reads are synchronous underneath; the caller is a background job, so run it off the caller's thread.
        return Task.Run(() => Read(days, cancellationToken), cancellationToken);
    }

    private LabelledRows Read(int days, CancellationToken cancellationToken)
    {
        var rows = new LabelledRows();
        using var connection = database.OpenConnection();
        using var newest = connection.CreateCommand();
        newest.CommandText = DecisionLogSchema.Newest;
        if (newest.ExecuteScalar() is not long latest)
        {
            return rows;
        }

        using var select = connection.CreateCommand();
        select.CommandText = DecisionLogSchema.RecentLabelled;
        select.Parameters.AddWithValue("$floor", latest - (long)TimeSpan.FromDays(days).TotalMilliseconds);
        using var reader = select.ExecuteReader();
        var customers = new Dictionary<string, int>(StringComparer.Ordinal);
        var mappings = new Dictionary<long, int[]?>();
        Span<float> features = stackalloc float[FeatureSchema.Count];
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var schemaId = reader.GetInt64(2);
            if (!mappings.TryGetValue(schemaId, out var mapping))
            {
                mapping = Map(_schemas.GetNames(connection, schemaId));
                mappings.Add(schemaId, mapping);
            }

            if (mapping is null)
            {
                continue;
            }

            var blob = reader.GetFieldValue<byte[]>(3);
            for (var i = 0; i < mapping.Length; i++)
            {
                var offset = mapping[i] * sizeof(double);
                if (offset + sizeof(double) > blob.Length)
                {
                    throw new InvalidDataException($"A logged decision's features hold {blob.Length} bytes, too few for its schema {schemaId}.");
                }

                features[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(blob.AsSpan(offset));
            }

            var customerId = reader.GetString(1);
            if (!customers.TryGetValue(customerId, out var customer))
            {
                customer = customers.Count;
                customers.Add(customerId, customer);
            }

            rows.Add(Math.DivRem(reader.GetInt64(0), 1000).Quotient, customer, reader.GetInt64(4) != 0, features);
        }

        return rows;
    }

    /// <summary>For each of the model's features, its index in the logged schema; null when the schema lacks one.</summary>
    internal static int[]? Map(ImmutableArray<string> logged)
    {
        var mapping = new int[FeatureSchema.Count];
        for (var i = 0; i < FeatureSchema.Count; i++)
        {
            mapping[i] = logged.IndexOf(FeatureSchema.Names[i], StringComparer.Ordinal);
            if (mapping[i] < 0)
            {
                return null;
            }
        }

        return mapping;
    }
}
