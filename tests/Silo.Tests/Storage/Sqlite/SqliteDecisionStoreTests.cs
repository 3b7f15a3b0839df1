using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Ml.Features;
using FraudActors.Silo.Storage.Sqlite;
using FraudActors.Silo.Tests.Storage.Journal;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Sqlite;

public sealed class SqliteDecisionStoreTests : IAsyncDisposable
{
    private readonly DecisionLogTestBed _bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_from_before_shadow_scores_migrates_and_its_rows_read_back_without_one_beside_new_rows_with_one()
    {
        // The store as the previous build left it: the first two migrations and one row inserted with its columns.
        await _bed.Database.MigrateAsync(DecisionLogSchema.Component, DecisionLogSchema.Migrations[..2], Ct);
        InsertVersionTwoRow("tx-before", score: 0.3);

        var log = await _bed.StartAsync();
        var shadowed = DecisionRecordTests.WithShadow(SampleDecisions.Create("tx-after"), new ShadowScore("challenger-9", 0.7, Decision.Review));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(shadowed, Ct));
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer stores the new decision");

        var before = await log.FindAsync("tx-before", Ct);
        Assert.NotNull(before);
        Assert.Equal(0.3, before.Result.Score);
        Assert.Null(before.Result.Shadow);
        JournaledDecisionLogTests.AssertSameDecision(shadowed, await log.FindAsync("tx-after", Ct));
        Assert.Equal(1, _bed.CountRows("schema_version", $"component = '{DecisionLogSchema.Component}' AND version = {DecisionLogSchema.Migrations.Length}"));
    }

    private void InsertVersionTwoRow(string transactionId, double score)
    {
        using var connection = _bed.Database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var schemaId = FeatureSchemaCatalog.InsertOrFind(connection, transaction, FeatureSchema.Names);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            """
            INSERT INTO decisions (
                seq, transaction_key, transaction_id, customer_key, customer_id, terminal_key, terminal_id, amount_cents,
                event_time, event_time_ticks, event_offset_minutes,
                score, decision, explanation, model_version, feature_schema_id, features, reasons,
                decided_at, decided_at_ticks, decided_offset_minutes)
            VALUES (1, $transaction_key, $transaction_id, $customer_key, 'c-old', $terminal_key, 't-old', 500,
                $event_time, 0, 0, $score, 0, 0, 'model-old', $schema, $features, x'', $event_time, 0, 0);
            INSERT INTO decision_log_watermark (id, indexed_seq) VALUES (1, 1);
            """;
        insert.Parameters.AddWithValue("$transaction_key", unchecked((long)Runtime.StableHash.Of(transactionId)));
        insert.Parameters.AddWithValue("$transaction_id", transactionId);
        insert.Parameters.AddWithValue("$customer_key", SqliteDecisionStore.KeyOf("c-old"));
        insert.Parameters.AddWithValue("$terminal_key", SqliteDecisionStore.KeyOf("t-old"));
        insert.Parameters.AddWithValue("$event_time", SampleDecisions.Noon.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$score", score);
        insert.Parameters.AddWithValue("$schema", schemaId);
        insert.Parameters.AddWithValue("$features", new byte[FeatureSchema.Names.Length * sizeof(double)]);
        insert.ExecuteNonQuery();
        transaction.Commit();
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();
}
