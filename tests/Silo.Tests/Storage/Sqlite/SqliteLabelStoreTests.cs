using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Labels;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Storage.Sqlite;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Sqlite;

public sealed class SqliteLabelStoreTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new DateTimeOffset(2026, 4, 6, 9, 15, 0, TimeSpan.FromHours(2)).AddTicks(3);
    private readonly TemporaryDirectory _directory = new();
    private readonly SqliteDatabase _database;

    public SqliteLabelStoreTests() => _database = new SqliteDatabase(_directory.File("labels.db"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_first_label_is_recorded_even_for_a_transaction_the_log_does_not_hold()
    {
        var store = await SqliteLabelStore.CreateAsync(_database, Ct);
        var label = new TransactionLabel("tx-1", IsFraud: true, LabelSource.Customer, "not me", Monday);

        var outcome = await store.RecordAsync(label, Ct);

        Assert.Equal(new LabelOutcome(Changed: true, Previous: null), outcome);
        var found = await store.FindAsync("tx-1", Ct);
        Assert.Equal(label, found);
        Assert.True(label.LabelledAt.EqualsExact(found!.LabelledAt), $"read {found.LabelledAt:O}");
        Assert.Null(await store.FindAsync("tx-unlabelled", Ct));
        Assert.Equal([(1L, "customer")], History("tx-1"));
    }

    [Fact]
    public async Task A_repeated_verdict_changes_nothing_and_adds_no_history()
    {
        var store = await SqliteLabelStore.CreateAsync(_database, Ct);
        var first = new TransactionLabel("tx-1", IsFraud: true, LabelSource.Analyst, "card testing", Monday);
        await store.RecordAsync(first, Ct);

        var repeat = await store.RecordAsync(first with { Source = LabelSource.Customer, Comment = "yes it was fraud", LabelledAt = Monday.AddDays(1) }, Ct);

        Assert.False(repeat.Changed);
        Assert.Equal(first, repeat.Previous);
        Assert.Equal(first, await store.FindAsync("tx-1", Ct));
        Assert.Equal([(1L, "analyst")], History("tx-1"));
    }

    [Fact]
    public async Task A_correction_returns_the_label_it_replaced_and_history_keeps_both()
    {
        var store = await SqliteLabelStore.CreateAsync(_database, Ct);
        var first = new TransactionLabel("tx-1", IsFraud: true, LabelSource.Analyst, null, Monday);
        var correction = new TransactionLabel("tx-1", IsFraud: false, LabelSource.Customer, "it was my daughter", Monday.AddHours(3));
        await store.RecordAsync(first, Ct);

        var outcome = await store.RecordAsync(correction, Ct);

        Assert.Equal(new LabelOutcome(Changed: true, Previous: first), outcome);
        Assert.Equal(correction, await store.FindAsync("tx-1", Ct));
        Assert.Equal([(1L, "analyst"), (0L, "customer")], History("tx-1"));
    }

    [Fact]
    public async Task Labels_survive_a_new_store_on_the_same_file()
    {
        var label = new TransactionLabel("tx-1", IsFraud: true, LabelSource.Import, null, Monday);
        await (await SqliteLabelStore.CreateAsync(_database, Ct)).RecordAsync(label, Ct);

        var reopened = await SqliteLabelStore.CreateAsync(new SqliteDatabase(_database.Path), Ct);

        Assert.Equal(label, await reopened.FindAsync("tx-1", Ct));
    }

    public void Dispose() => _directory.Dispose();

    private List<(long IsFraud, string Source)> History(string transactionId)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT is_fraud, source FROM label_history WHERE transaction_id = $id ORDER BY seq;";
        command.Parameters.AddWithValue("$id", transactionId);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }
}
