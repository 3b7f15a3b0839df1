using FraudActors.Grains.Training;
using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Runtime.Persistence.Postgres;
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
        var builder = new LabelledRowsBuilder();
        await using var command = dataSource.CreateCommand(PostgresDecisionLogSchema.RecentLabelled);
        command.Parameters.Add(new NpgsqlParameter<int>("days", days));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var schemaId = reader.GetInt64(2);
            // A schema not cached yet is read on another pooled connection while this one streams: schemas are few.
            if (builder.NeedsSchema(schemaId))
            {
                builder.AddSchema(schemaId, await schemas.GetNamesAsync(schemaId, cancellationToken).ConfigureAwait(false));
            }

            var eventTime = new DateTimeOffset(reader.GetFieldValue<DateTime>(0), TimeSpan.Zero);
            builder.Add(eventTime.ToUnixTimeSeconds(), reader.GetString(1), reader.GetBoolean(4), schemaId, reader.GetFieldValue<byte[]>(3));
        }

        return builder.Rows;
    }
}
