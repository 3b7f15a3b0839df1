using System.Collections.Immutable;
using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Labels;
using FraudActors.Ml.Features;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Silo.Tests.Storage.Journal;

namespace FraudActors.Silo.Tests.Storage.Postgres;

public sealed class PostgresTrainingDataSourceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private PostgresDecisionLogTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await PostgresDecisionLogTestBed.CreateAsync();

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Reads_the_last_days_of_the_data_in_time_order_with_the_logged_features_and_current_labels()
    {
        var log = await _bed.StartAsync();
        var labels = await PostgresLabelStore.CreateAsync(_bed.Database.Database, Ct);

        // Ten days, two transactions a day, appended newest day first so log order is not time order.
        var decisions = new List<LoggedDecision>();
        for (var day = 9; day >= 0; day--)
        {
            decisions.Add(SampleDecisions.Create($"tx-{day}-b", customerId: "c-2", timestamp: Start.AddDays(day).AddHours(15), amountCents: 1_000 + day));
            decisions.Add(SampleDecisions.Create($"tx-{day}-a", customerId: "c-1", timestamp: Start.AddDays(day).AddHours(9), amountCents: 2_000 + day));
        }

        foreach (var decision in decisions)
        {
            Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(decision, Ct));
        }

        await labels.RecordAsync(new TransactionLabel("tx-8-a", IsFraud: true, LabelSource.Analyst, null, Start.AddDays(10)), Ct);
        await labels.RecordAsync(new TransactionLabel("tx-9-b", IsFraud: true, LabelSource.Customer, null, Start.AddDays(10)), Ct);
        await labels.RecordAsync(new TransactionLabel("tx-9-b", IsFraud: false, LabelSource.Analyst, "corrected", Start.AddDays(11)), Ct);
        await labels.RecordAsync(new TransactionLabel("tx-0-a", IsFraud: true, LabelSource.Analyst, null, Start.AddDays(10)), Ct);

        var rows = await new PostgresTrainingDataSource(_bed.Database.Database).ReadRecentAsync(days: 3, Ct);

        // Newest is day 9 at 15:00; three days back is day 6 at 15:00, inclusive.
        string[] expected = ["tx-6-b", "tx-7-a", "tx-7-b", "tx-8-a", "tx-8-b", "tx-9-a", "tx-9-b"];
        Assert.Equal(expected.Length, rows.Count);
        var byId = decisions.ToDictionary(d => d.Request.TransactionId);
        for (var row = 0; row < rows.Count; row++)
        {
            var decision = byId[expected[row]];
            Assert.Equal(decision.Request.Timestamp.ToUnixTimeSeconds(), rows.UnixSeconds(row));
            Assert.Equal(decision.Result.Features.Select(f => (float)f.Value), rows.Features(row).ToArray());
            Assert.Equal(expected[row] == "tx-8-a", rows.IsFraud(row));
        }

        Assert.Equal(rows.Customer(1), rows.Customer(3));
        Assert.NotEqual(rows.Customer(0), rows.Customer(1));
    }

    [Fact]
    public async Task Features_logged_in_another_order_are_mapped_by_name_and_a_schema_missing_one_is_skipped()
    {
        var log = await _bed.StartAsync();
        var reversed = FeatureSchema.Names.Reverse().ToImmutableArray();
        var partial = FeatureSchema.Names.RemoveAt(3);
        var shuffled = SampleDecisions.Create("tx-reversed", timestamp: Start, featureNames: reversed);
        await log.AppendAsync(shuffled, Ct);
        await log.AppendAsync(SampleDecisions.Create("tx-partial", timestamp: Start.AddHours(1), featureNames: partial), Ct);

        // A data source on its own pool: the schemas' names come from the database, not the log's cache.
        await using var other = new Runtime.Persistence.Postgres.PostgresDatabase(_bed.Database.ConnectionString);
        var rows = await new PostgresTrainingDataSource(other).ReadRecentAsync(days: 1, Ct);

        Assert.Equal(1, rows.Count);
        var expected = FeatureSchema.Names.Select(name => (float)shuffled.Result.Features.Single(f => f.Name == name).Value);
        Assert.Equal(expected, rows.Features(0).ToArray());
    }

    [Fact]
    public async Task An_empty_log_gives_no_rows()
    {
        await _bed.StartAsync();

        var rows = await new PostgresTrainingDataSource(_bed.Database.Database).ReadRecentAsync(days: 28, Ct);

        Assert.Equal(0, rows.Count);
    }
}
