using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Labels;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Silo.Tests.Storage.Journal;

namespace FraudActors.Silo.Tests.Storage.Postgres;

public sealed class PostgresDecisionLogHistoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = SampleDecisions.Noon;
    private PostgresDecisionLogTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await PostgresDecisionLogTestBed.CreateAsync();

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Customer_history_holds_what_happened_within_the_horizon_of_the_latest_in_time_then_append_order()
    {
        var log = await _bed.StartAsync();
        var minusFive = TimeSpan.FromHours(-5);
        var latest = Since.AddDays(40);
        await AppendAsync(log, "late-first", "c-1", latest, amountCents: 1);
        await AppendAsync(log, "early", "c-1", latest.AddHours(-1).ToOffset(minusFive).AddTicks(7), amountCents: 2);
        await AppendAsync(log, "at-horizon", "c-1", latest.AddDays(-30), amountCents: 3);
        await AppendAsync(log, "beyond-horizon", "c-1", latest.AddDays(-30).AddMilliseconds(-1), amountCents: 4);
        await AppendAsync(log, "other-customer", "c-2", latest.AddHours(-1), amountCents: 5);
        await AppendAsync(log, "late-second", "c-1", latest, amountCents: 6);
        await AppendAsync(log, "a-month-back", "c-1", latest.AddDays(-29), amountCents: 7);

        var history = await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", TimeSpan.FromDays(30), Ct));

        Assert.Equal(["at-horizon", "a-month-back", "early", "late-first", "late-second"], history.Select(entry => entry.TransactionId));
        Assert.Equal([3L, 7L, 2L, 1L, 6L], history.Select(entry => entry.AmountCents));
        var early = history.Single(entry => entry.TransactionId == "early");
        Assert.True(early.Timestamp.EqualsExact(latest.AddHours(-1).ToOffset(minusFive).AddTicks(7)), $"read {early.Timestamp:O}");

        var lastHour = await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", TimeSpan.FromHours(1), Ct));
        Assert.Equal(["early", "late-first", "late-second"], lastHour.Select(entry => entry.TransactionId));
        Assert.Empty(await ReadAllAsync(log.ReadCustomerHistoryAsync("c-unknown", TimeSpan.FromDays(365), Ct)));
    }

    [Fact]
    public async Task Terminal_history_carries_each_transactions_current_label()
    {
        var log = await _bed.StartAsync();
        var labels = await PostgresLabelStore.CreateAsync(_bed.Database.Database, Ct);
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

        var history = await ReadAllAsync(log.ReadTerminalHistoryAsync("t-1", TimeSpan.FromMinutes(5), Ct));

        Assert.Equal(
            [("fraud", true), ("legit", false), ("unlabelled", false), ("corrected", false)],
            history.Select(entry => (entry.TransactionId, entry.IsFraud)));
        Assert.Equal([Since.AddMinutes(1), Since.AddMinutes(2), Since.AddMinutes(3), Since.AddMinutes(4)], history.Select(entry => entry.Timestamp));

        // "before" lies 8 minutes before the terminal's latest transaction: inside a longer horizon.
        var longer = await ReadAllAsync(log.ReadTerminalHistoryAsync("t-1", TimeSpan.FromHours(1), Ct));
        Assert.Equal("before", longer[0].TransactionId);
        Assert.Empty(await ReadAllAsync(log.ReadTerminalHistoryAsync("t-unknown", TimeSpan.FromDays(365), Ct)));
    }

    [Fact]
    public async Task Transactions_at_the_same_instant_read_in_log_order_and_sub_microsecond_ticks_order_before_it()
    {
        var log = await _bed.StartAsync();
        await AppendAsync(log, "same-first", "c-1", Since);
        await AppendAsync(log, "later-tick", "c-1", Since.AddTicks(3));
        await AppendAsync(log, "same-second", "c-1", Since);

        var history = await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", TimeSpan.FromDays(1), Ct));

        Assert.Equal(["same-first", "same-second", "later-tick"], history.Select(entry => entry.TransactionId));
    }

    private static TransactionLabel Label(string transactionId, bool isFraud) =>
        new(transactionId, isFraud, LabelSource.Analyst, null, Since.AddDays(1));

    private static async Task AppendAsync(
        PostgresDecisionLog log, string transactionId, string customerId, DateTimeOffset timestamp, long amountCents = 100, string terminalId = "t-1") =>
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
