using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Labels;
using FraudActors.Silo.Storage.Journal;
using FraudActors.Silo.Storage.Sqlite;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Journal;

public sealed class JournaledDecisionLogHistoryTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Since = SampleDecisions.Noon;
    private readonly DecisionLogTestBed _bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Placements => ["tail", "store"];

    [Theory]
    [MemberData(nameof(Placements))]
    public async Task Customer_history_holds_what_happened_within_the_horizon_of_the_latest_in_time_then_append_order(string placement)
    {
        var log = await StartAsync(placement);
        var minusFive = TimeSpan.FromHours(-5);
        var latest = Since.AddDays(40);
        await AppendAsync(log, "late-first", "c-1", latest, amountCents: 1);
        await AppendAsync(log, "early", "c-1", latest.AddHours(-1).ToOffset(minusFive), amountCents: 2);
        await AppendAsync(log, "at-horizon", "c-1", latest.AddDays(-30), amountCents: 3);
        await AppendAsync(log, "beyond-horizon", "c-1", latest.AddDays(-30).AddMilliseconds(-1), amountCents: 4);
        await AppendAsync(log, "other-customer", "c-2", latest.AddHours(-1), amountCents: 5);
        await AppendAsync(log, "late-second", "c-1", latest, amountCents: 6);
        await AppendAsync(log, "a-month-back", "c-1", latest.AddDays(-29), amountCents: 7);
        await SettleAsync(log, placement);

        var history = await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", TimeSpan.FromDays(30), Ct));

        Assert.Equal(["at-horizon", "a-month-back", "early", "late-first", "late-second"], history.Select(entry => entry.TransactionId));
        Assert.Equal([3L, 7L, 2L, 1L, 6L], history.Select(entry => entry.AmountCents));
        var early = history.Single(entry => entry.TransactionId == "early");
        Assert.True(early.Timestamp.EqualsExact(latest.AddHours(-1).ToOffset(minusFive)), $"read {early.Timestamp:O}");

        var lastHour = await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", TimeSpan.FromHours(1), Ct));
        Assert.Equal(["early", "late-first", "late-second"], lastHour.Select(entry => entry.TransactionId));
        Assert.Empty(await ReadAllAsync(log.ReadCustomerHistoryAsync("c-unknown", TimeSpan.FromDays(365), Ct)));
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public async Task Terminal_history_carries_each_transactions_current_label(string placement)
    {
        var log = await StartAsync(placement);
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
        await SettleAsync(log, placement);

        var history = await ReadAllAsync(log.ReadTerminalHistoryAsync("t-1", TimeSpan.FromMinutes(5), Ct));

        Assert.Equal(
            [("fraud", true), ("legit", false), ("unlabelled", false), ("corrected", false)],
            history.Select(entry => (entry.TransactionId, entry.IsFraud)));
        Assert.Equal([Since.AddMinutes(1), Since.AddMinutes(2), Since.AddMinutes(3), Since.AddMinutes(4)], history.Select(entry => entry.Timestamp));

        // "before" lies 8 minutes before the terminal's latest transaction: inside a longer horizon.
        var longer = await ReadAllAsync(log.ReadTerminalHistoryAsync("t-1", TimeSpan.FromHours(1), Ct));
        Assert.Equal("before", longer[0].TransactionId);
    }

    [Fact]
    public async Task History_split_between_store_and_tail_reads_as_one_log_with_the_horizon_taken_from_the_latest_anywhere()
    {
        var log = await _bed.StartAsync();
        var labels = await SqliteLabelStore.CreateAsync(_bed.Database, Ct);

        // Stored first: two transactions a day apart; then, in the tail, one between them, one at the same millisecond
        // as a stored one (log order breaks the tie), and the latest, which moves the horizon past the oldest.
        await AppendAsync(log, "stored-old", "c-1", Since);
        await AppendAsync(log, "stored-new", "c-1", Since.AddDays(1));
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the first two reach the store");
        log.PauseIndexer(true);
        await AppendAsync(log, "tail-middle", "c-1", Since.AddHours(12));
        await AppendAsync(log, "tail-same-time", "c-1", Since.AddDays(1));
        await AppendAsync(log, "tail-latest", "c-1", Since.AddDays(1).AddHours(12));
        await labels.RecordAsync(Label("tail-middle", isFraud: true), Ct);
        await labels.RecordAsync(Label("stored-new", isFraud: true), Ct);
        Assert.Equal(3, log.TailCount);

        var customer = await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", TimeSpan.FromDays(1), Ct));
        var terminal = await ReadAllAsync(log.ReadTerminalHistoryAsync("t-1", TimeSpan.FromDays(1), Ct));

        Assert.Equal(["tail-middle", "stored-new", "tail-same-time", "tail-latest"], customer.Select(entry => entry.TransactionId));
        Assert.Equal(
            [("tail-middle", true), ("stored-new", true), ("tail-same-time", false), ("tail-latest", false)],
            terminal.Select(entry => (entry.TransactionId, entry.IsFraud)));

        log.PauseIndexer(false);
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the rest reaches the store");
        Assert.Equal(customer, await ReadAllAsync(log.ReadCustomerHistoryAsync("c-1", TimeSpan.FromDays(1), Ct)));
        Assert.Equal(terminal, await ReadAllAsync(log.ReadTerminalHistoryAsync("t-1", TimeSpan.FromDays(1), Ct)));
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private async Task<JournaledDecisionLog> StartAsync(string placement)
    {
        var log = await _bed.StartAsync();
        if (placement == "tail")
        {
            log.PauseIndexer(true);
        }

        return log;
    }

    private static async Task SettleAsync(JournaledDecisionLog log, string placement)
    {
        if (placement == "store")
        {
            await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer stores every decision");
        }
        else
        {
            Assert.True(log.TailCount > 0, "the decisions are still in the tail");
        }
    }

    private static TransactionLabel Label(string transactionId, bool isFraud) =>
        new(transactionId, isFraud, LabelSource.Analyst, null, Since.AddDays(1));

    private static async Task AppendAsync(
        JournaledDecisionLog log, string transactionId, string customerId, DateTimeOffset timestamp, long amountCents = 100, string terminalId = "t-1") =>
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
