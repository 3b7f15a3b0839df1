using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Labels;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Postgres;

public sealed class PostgresLabelStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new DateTimeOffset(2026, 4, 6, 9, 15, 0, TimeSpan.FromHours(2)).AddTicks(3);
    private PostgresTestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(Ct);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_first_label_is_recorded_even_for_a_transaction_the_log_does_not_hold()
    {
        var store = await PostgresLabelStore.CreateAsync(_database.Database, Ct);
        var label = new TransactionLabel("tx-1", IsFraud: true, LabelSource.Customer, "not me", Monday);

        var outcome = await store.RecordAsync(label, Ct);

        Assert.Equal(new LabelOutcome(Changed: true, Previous: null), outcome);
        var found = await store.FindAsync("tx-1", Ct);
        Assert.Equal(label, found);
        Assert.True(label.LabelledAt.EqualsExact(found!.LabelledAt), $"read {found.LabelledAt:O}");
        Assert.Null(await store.FindAsync("tx-unlabelled", Ct));
        Assert.Equal([(true, "customer")], await HistoryAsync("tx-1"));
    }

    [Fact]
    public async Task A_repeated_verdict_changes_nothing_and_adds_no_history()
    {
        var store = await PostgresLabelStore.CreateAsync(_database.Database, Ct);
        var first = new TransactionLabel("tx-1", IsFraud: true, LabelSource.Analyst, "card testing", Monday);
        await store.RecordAsync(first, Ct);

        var repeat = await store.RecordAsync(first with { Source = LabelSource.Customer, Comment = "yes it was fraud", LabelledAt = Monday.AddDays(1) }, Ct);

        Assert.False(repeat.Changed);
        Assert.Equal(first, repeat.Previous);
        Assert.Equal(first, await store.FindAsync("tx-1", Ct));
        Assert.Equal([(true, "analyst")], await HistoryAsync("tx-1"));
    }

    [Fact]
    public async Task A_correction_returns_the_label_it_replaced_and_history_keeps_both()
    {
        var store = await PostgresLabelStore.CreateAsync(_database.Database, Ct);
        var first = new TransactionLabel("tx-1", IsFraud: true, LabelSource.Analyst, null, Monday);
        var correction = new TransactionLabel("tx-1", IsFraud: false, LabelSource.Customer, "it was my daughter", Monday.AddHours(3));
        await store.RecordAsync(first, Ct);

        var outcome = await store.RecordAsync(correction, Ct);

        Assert.Equal(new LabelOutcome(Changed: true, Previous: first), outcome);
        Assert.Equal(correction, await store.FindAsync("tx-1", Ct));
        Assert.Equal([(true, "analyst"), (false, "customer")], await HistoryAsync("tx-1"));
    }

    [Fact]
    public async Task Concurrent_first_labels_of_one_transaction_record_one_and_report_it_to_the_others()
    {
        var store = await PostgresLabelStore.CreateAsync(_database.Database, Ct);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.RecordAsync(
            new TransactionLabel("tx-1", IsFraud: true, LabelSource.Analyst, $"analyst {i}", Monday), Ct).AsTask()));

        var recorded = Assert.Single(outcomes, outcome => outcome.Changed);
        Assert.Null(recorded.Previous);
        var kept = await store.FindAsync("tx-1", Ct);
        Assert.All(outcomes.Where(outcome => !outcome.Changed), outcome => Assert.Equal(kept, outcome.Previous));
        Assert.Single(await HistoryAsync("tx-1"));
    }

    [Fact]
    public async Task Labels_survive_a_new_store_on_another_pool()
    {
        var label = new TransactionLabel("tx-1", IsFraud: true, LabelSource.Import, null, Monday);
        await (await PostgresLabelStore.CreateAsync(_database.Database, Ct)).RecordAsync(label, Ct);

        await using var other = new PostgresDatabase(_database.ConnectionString);
        var reopened = await PostgresLabelStore.CreateAsync(other, Ct);

        Assert.Equal(label, await reopened.FindAsync("tx-1", Ct));
    }

    private async Task<List<(bool IsFraud, string Source)>> HistoryAsync(string transactionId)
    {
        await using var command = _database.Database.DataSource.CreateCommand("SELECT is_fraud, source FROM label_history WHERE transaction_id = @id ORDER BY seq;");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<string>("id", transactionId));
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<(bool, string)>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetBoolean(0), reader.GetString(1)));
        }

        return rows;
    }
}
