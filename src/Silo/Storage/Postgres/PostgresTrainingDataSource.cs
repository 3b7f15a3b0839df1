using System.Buffers.Binary;
using FraudActors.Grains.Training;
using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Silo.Storage.Sqlite;
using Npgsql;

namespace FraudActors.Silo.Storage.Postgres;

/// <summary>
/// Labelled production decisions for retraining, read from the PostgreSQL decision log with the features exactly as
/// they were logged, mapped by name onto <see cref="FeatureSchema"/> as in embedded mode (a decision logged under a
/// schema that lacks one of the model's features cannot train it and is skipped). One statement finds the newest
/// decision and streams the window after it, joined to the current labels.
/// </summary>
internal sealed class PostgresTrainingDataSource(NpgsqlDataSource dataSource, PostgresFeatureSchemas schemas) : ITrainingDataSource
{
    /// <summary>Reads the log of <paramref name="database"/>, whose tables the decision log migrates.</summary>
    public PostgresTrainingDataSource(PostgresDatabase database)
        : this(database.DataSource, new PostgresFeatureSchemas(database.DataSource))
    {
    }

    /// <inheritdoc />
    public async Task<LabelledRows> ReadRecentAsync(int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var rows = new LabelledRows();
        var customers = new Dictionary<string, int>(StringComparer.Ordinal);
        var mappings = new Dictionary<long, int[]?>();
        var features = new float[FeatureSchema.Count];

        await using var command = dataSource.CreateCommand(PostgresDecisionLogSchema.RecentLabelled);
        command.Parameters.Add(new NpgsqlParameter<int>("days", days));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var schemaId = reader.GetInt64(2);
            // A schema not cached yet is read on another pooled connection while this one streams: schemas are few.
            if (!mappings.TryGetValue(schemaId, out var mapping))
            {
                mapping = SqliteTrainingDataSource.Map(await schemas.GetNamesAsync(schemaId, cancellationToken).ConfigureAwait(false));
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

            var eventTime = new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero);
            rows.Add(eventTime.ToUnixTimeSeconds(), customer, reader.GetBoolean(4), features);
        }

        return rows;
    }
}
