using FraudActors.Grains.Decisions;
using FraudActors.Grains.Labels;
using FraudActors.Silo.Storage.Sqlite;

namespace FraudActors.Silo.Tests.Storage.Sqlite;

public sealed class SqliteDecisionLogHistoryTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Since = SampleDecisions.Noon;
    private readonly DecisionLogTestBed _bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Customer_history_holds_what_happened_strictly_after_since_in_time_then_append_order()
    {
        var log = await _bed.StartAsync();
        var minusFive = TimeSpan.FromHours(-5);
        await AppendAsync(log, "late-first", "c-1", Since.AddHours(2), amountCents: 1);
        await AppendAsync(log, "early", "c-1", Since.AddHours(1).ToOffset(minusFive), amountCents: 2);
        await AppendAsync(log, "at-since", "c-1", Since, amountCents: 3);
        await AppendAsync(log, "before", "c-1", Since.AddHours(-1), amountCents: 4);
        await AppendAsync(log, "other-customer", "c-2", Since.AddHours(1), amountCents: 5);
        await AppendAsync(log, "late-second", "c-1", Since.AddHours(2), amountCents: 6);
        await AppendAsync(log, "one-tick-after", "c-1", Since.AddTicks(1), amountCents: 7);

        // The same instant as Since, written in another offset: "after" compares instants.
        var history = await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", Since.ToOffset(TimeSpan.FromHours(2)), Ct));

        Assert.Equal(["one-tick-after", "early", "late-first", "late-second"], history.Select(entry => entry.TransactionId));
        Assert.Equal([7L, 2L, 1L, 6L], history.Select(entry => entry.AmountCents));
        var early = history.Single(entry => entry.TransactionId == "early");
        Assert.True(early.Timestamp.EqualsExact(Since.AddHours(1).ToOffset(minusFive)), $"read {early.Timestamp:O}");

        var afterOneTick = await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", Since.AddTicks(1), Ct));
        Assert.Equal(["early", "late-first", "late-second"], afterOneTick.Select(entry => entry.TransactionId));
        Assert.Empty(await ReadAllAsync(log.ReadCustomerHistoryAsync("c-unknown", DateTimeOffset.MinValue, Ct)));
    }

    [Fact]
    public async Task Terminal_history_carries_each_transactions_current_label()
    {
        var log = await _bed.StartAsync();
        var labels = await SqliteLabelStore.CreateAsync(_bed.Database, Ct);
        await AppendAsync(log, "fraud", "c-1", Since.AddMinutes(1));
        await AppendAsync(log, "legit", "c-2", Since.AddMinutes(2));
        await AppendAsync(log, "unlabelled", "c-3", Since.AddMinutes(3));
        await AppendAsync(log, "corrected", "c-4", Since.AddMinutes(4));
        await AppendAsync(log, "before", "c-5", Since.AddMinutes(-4));
        await AppendAsync(log, "other-terminal", "c-6", Since.AddMinutes(5), terminalId: "t-2");
        await labels.RecordAsync(Label("fraud", isFraud: true), Ct);
        await labels.RecordAsync(Label("legit", isFraud: false), Ct);
        await labels.RecordAsync(Label("corrected", isFraud: true), Ct);
        await labels.RecordAsync(Label("corrected", isFraud: false), Ct);
        await labels.RecordAsync(Label("other-terminal", isFraud: true), Ct);

        var history = await ReadAllAsync(log.ReadTerminalHistoryAsync("t-1", Since, Ct));

        Assert.Equal(
            [("fraud", true), ("legit", false), ("unlabelled", false), ("corrected", false)],
            history.Select(entry => (entry.TransactionId, entry.IsFraud)));
        Assert.Equal([Since.AddMinutes(1), Since.AddMinutes(2), Since.AddMinutes(3), Since.AddMinutes(4)], history.Select(entry => entry.Timestamp));
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private static TransactionLabel Label(string transactionId, bool isFraud) =>
        new(transactionId, isFraud, LabelSource.Analyst, null, Since.AddDays(1));

    private static async Task AppendAsync(
        SqliteDecisionLog log, string transactionId, string customerId, DateTimeOffset timestamp, long amountCents = 100, string terminalId = "t-1") =>
        Assert.Equal(
            AppendOutcome.Appended,
            await log.AppendAsync(SampleDecisions.Create(transactionId, customerId, terminalId, timestamp, amountCents), Ct));

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncEnumerable<T> entries)
    {
        var list = new List<T>();
        await foreach (var entry in entries)
        {
            list.Add(entry);
        }

        return list;
    }
}
