using FraudActors.Grains.Training;
using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Runtime.Persistence.Sqlite;

namespace FraudActors.Silo.Storage.Sqlite;

/// <summary>
/// Labelled production decisions for retraining, read from the decision log's store with the features exactly as
/// they were logged, mapped by name onto <see cref="FeatureSchema"/> (a decision logged under a schema that lacks one
/// of the model's features cannot train it and is skipped: <see cref="LabelledRowsBuilder"/>). Decisions still in the journal's unindexed tail (the last
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
        var builder = new LabelledRowsBuilder();
        using var connection = database.OpenConnection();
        using var newest = connection.CreateCommand();
        newest.CommandText = DecisionLogSchema.Newest;
        if (newest.ExecuteScalar() is not long latest)
        {
            return builder.Rows;
        }

        using var select = connection.CreateCommand();
        select.CommandText = DecisionLogSchema.RecentLabelled;
        select.Parameters.AddWithValue("$floor", latest - (long)TimeSpan.FromDays(days).TotalMilliseconds);
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var schemaId = reader.GetInt64(2);
            if (builder.NeedsSchema(schemaId))
            {
                builder.AddSchema(schemaId, _schemas.GetNames(connection, schemaId));
            }

            builder.Add(Math.DivRem(reader.GetInt64(0), 1000).Quotient, reader.GetString(1), reader.GetInt64(4) != 0, schemaId, reader.GetFieldValue<byte[]>(3));
        }

        return builder.Rows;
    }
}
