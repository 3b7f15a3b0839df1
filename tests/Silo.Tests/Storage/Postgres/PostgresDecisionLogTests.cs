using System.Collections.Concurrent;
using System.Collections.Immutable;
using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Silo.Tests.Storage.Journal;
using Npgsql;

namespace FraudActors.Silo.Tests.Storage.Postgres;

public sealed class PostgresDecisionLogTests : IAsyncLifetime
{
    private PostgresDecisionLogTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await PostgresDecisionLogTestBed.CreateAsync();

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task A_logged_decision_reads_back_equal_in_every_field_from_this_log_and_a_new_one()
    {
        var log = await _bed.StartAsync();
        var timestamp = new DateTimeOffset(2026, 3, 29, 1, 30, 15, 123, TimeSpan.FromMinutes(330)).AddTicks(4_567);
        var decidedAt = new DateTimeOffset(2026, 3, 28, 17, 0, 16, 999, TimeSpan.FromHours(-3)).AddTicks(1);
        ImmutableArray<FeatureValue> features =
        [
            new("amount", 12.34), new("weekend", 0), new("negative", -0.0), new("tiny", double.Epsilon),
            new("huge", double.MaxValue), new("third", 1.0 / 3.0), new("minus", -7.25),
        ];
        ImmutableArray<Reason> reasons = [new("third", 1.0 / 3.0, 0.8125), new("minus", -7.25, -1e-300), new("amount", 12.34, double.MinValue)];
        var original = new LoggedDecision(
            new ScoreRequest("tx-exact-ü", "customer-42", "terminal-7", -1_999, timestamp),
            new ScoreResult("tx-exact-ü", 0.123456789012345, Decision.Review, "xgb-2026-03-28.1", reasons, ExplanationMethod.TreeShap, features, decidedAt, Replayed: false));

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(original, Ct));

        JournaledDecisionLogTests.AssertSameDecision(original, await log.FindAsync("tx-exact-ü", Ct));

        // A new log on a new pool: nothing comes from the first one's caches (feature names included).
        await using var other = new Runtime.Persistence.Postgres.PostgresDatabase(_bed.Database.ConnectionString);
        await using var reopened = await PostgresDecisionLog.CreateAsync(other, new PostgresDecisionLogOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Ct);
        JournaledDecisionLogTests.AssertSameDecision(original, await reopened.FindAsync("tx-exact-ü", Ct));
        Assert.Null(await reopened.FindAsync("tx-never-logged", Ct));
    }

    [Fact]
    public async Task Each_decision_in_one_batch_keeps_its_own_shadow_or_none()
    {
        var log = await _bed.StartAsync();
        var decisions = new[]
        {
            DecisionRecordTests.WithShadow(SampleDecisions.Create("tx-a"), new ShadowScore("challenger-a", 0.6, Decision.Review)),
            SampleDecisions.Create("tx-b"),
            DecisionRecordTests.WithShadow(SampleDecisions.Create("tx-c", score: 0.05), new ShadowScore("challenger-c", 0.91, Decision.Decline)),
            SampleDecisions.Create("tx-d"),
        };
        var batches = HoldFirstBatch(log, out var release);
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await WaitForBatchesAsync(batches, 1);
        var appends = decisions.Select(decision => log.AppendAsync(decision, Ct).AsTask()).ToArray();

        release();

        Assert.Equal(AppendOutcome.Appended, await filler);
        Assert.All(await Task.WhenAll(appends), outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        Assert.Equal(["tx-a", "tx-b", "tx-c", "tx-d"], batches.Last());
        Assert.Equal(2, await _bed.CountAsync("decisions", "shadow_model_version IS NULL AND shadow_score IS NULL AND shadow_decision IS NULL AND transaction_id <> 'tx-filler'"));
        Assert.Equal(1, await _bed.CountAsync("decisions", "shadow_model_version = 'challenger-c' AND shadow_score = 0.91 AND shadow_decision = 2"));
        foreach (var decision in decisions)
        {
            JournaledDecisionLogTests.AssertSameDecision(decision, await log.FindAsync(decision.Request.TransactionId, Ct));
        }
    }

    [Fact]
    public async Task A_decision_without_features_or_reasons_reads_back_empty()
    {
        var log = await _bed.StartAsync();

        await log.AppendAsync(SampleDecisions.Create("tx-bare", featureNames: []), Ct);

        var read = await log.FindAsync("tx-bare", Ct);
        Assert.NotNull(read);
        Assert.Empty(read.Result.Features);
        Assert.Empty(read.Result.Reasons);
    }

    [Fact]
    public async Task A_repeated_transaction_id_is_refused_and_the_first_decision_is_kept()
    {
        var log = await _bed.StartAsync();
        var first = SampleDecisions.Create("tx-1", amountCents: 100, score: 0.1, decision: Decision.Approve);
        var second = SampleDecisions.Create("tx-1", amountCents: 999_999, score: 0.99, decision: Decision.Decline);

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(first, Ct));
        Assert.Equal(AppendOutcome.DuplicateTransaction, await log.AppendAsync(second, Ct));

        // Another silo's log on the same database sees the same log.
        await using var other = new Runtime.Persistence.Postgres.PostgresDatabase(_bed.Database.ConnectionString);
        await using var otherLog = await PostgresDecisionLog.CreateAsync(other, new PostgresDecisionLogOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, Ct);
        Assert.Equal(AppendOutcome.DuplicateTransaction, await otherLog.AppendAsync(second, Ct));

        var kept = await log.FindAsync("tx-1", Ct);
        Assert.Equal(100, kept!.Request.AmountCents);
        Assert.Equal(0.1, kept.Result.Score);
        Assert.Equal(Decision.Approve, kept.Result.Decision);
        Assert.Equal(1, await _bed.CountAsync("decisions"));
    }

    [Fact]
    public async Task Two_appends_of_one_transaction_in_one_batch_write_it_once_and_the_first_wins()
    {
        var log = await _bed.StartAsync();
        var batches = HoldFirstBatch(log, out var release);
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await WaitForBatchesAsync(batches, 1);
        var firstCopy = log.AppendAsync(SampleDecisions.Create("tx-twice", amountCents: 1), Ct).AsTask();
        var secondCopy = log.AppendAsync(SampleDecisions.Create("tx-twice", amountCents: 2), Ct).AsTask();
        var thirdCopyOfFiller = log.AppendAsync(SampleDecisions.Create("tx-filler", amountCents: 3), Ct).AsTask();

        release();

        Assert.Equal(AppendOutcome.Appended, await filler);
        Assert.Equal(AppendOutcome.Appended, await firstCopy);
        Assert.Equal(AppendOutcome.DuplicateTransaction, await secondCopy);
        Assert.Equal(AppendOutcome.DuplicateTransaction, await thirdCopyOfFiller);
        Assert.Equal(["tx-twice", "tx-twice", "tx-filler"], batches.Last());
        Assert.Equal(1, (await log.FindAsync("tx-twice", Ct))!.Request.AmountCents);
        Assert.Equal(1, await _bed.CountAsync("decisions", "transaction_id = 'tx-twice'"));
    }

    [Fact]
    public async Task Concurrent_appends_from_many_tasks_share_commits_and_each_transaction_is_stored_exactly_once()
    {
        const int Transactions = 2_000;
        var log = await _bed.StartAsync();

        // 256 tasks; every transaction is appended by two of them, so half the appends must come back as duplicates.
        var outcomes = new ConcurrentDictionary<string, ConcurrentBag<AppendOutcome>>();
        await Task.WhenAll(Enumerable.Range(0, 256).Select(task => Task.Run(
            async () =>
            {
                for (var i = task % 128; i < Transactions; i += 128)
                {
                    var id = $"tx-{i}";
                    var outcome = await log.AppendAsync(SampleDecisions.Create(id, customerId: $"c-{i % 100}"), Ct);
                    outcomes.GetOrAdd(id, _ => []).Add(outcome);
                }
            },
            Ct)));

        Assert.Equal(Transactions, outcomes.Count);
        Assert.All(outcomes.Values, pair => Assert.Equal([AppendOutcome.Appended, AppendOutcome.DuplicateTransaction], pair.Order()));
        Assert.Equal(Transactions, await _bed.CountAsync("decisions"));
        Assert.Equal(Transactions, await _bed.CountAsync("(SELECT DISTINCT transaction_id FROM decisions) AS d"));
        Assert.True(log.BatchesCommitted * 4 <= 2 * Transactions, $"{log.BatchesCommitted} commits for {2 * Transactions} appends");
    }

    [Fact]
    public async Task The_batch_limit_caps_every_commit()
    {
        var log = await _bed.StartAsync(new PostgresDecisionLogOptions { MaxBatchSize = 7 });
        var batches = new ConcurrentQueue<IReadOnlyList<string>>();
        log.BeforeCommit = ids =>
        {
            batches.Enqueue(ids);
            return Task.CompletedTask;
        };

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()));

        Assert.Equal(100, batches.Sum(batch => batch.Count));
        Assert.All(batches, batch => Assert.InRange(batch.Count, 1, 7));
        Assert.Equal(100, await _bed.CountAsync("decisions"));
    }

    [Fact]
    public async Task A_failed_commit_fails_every_append_of_its_batch_and_later_appends_succeed()
    {
        var log = await _bed.StartAsync();
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-acknowledged"), Ct));
        await _bed.ExecuteAsync(
            """
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$;
            CREATE TRIGGER refuse_all BEFORE INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION refuse();
            """);
        var batches = HoldFirstBatch(log, out var release);
        var first = log.AppendAsync(SampleDecisions.Create("tx-failed-0"), Ct).AsTask();
        await WaitForBatchesAsync(batches, 1);
        var queued = Enumerable.Range(1, 3).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-failed-{i}"), Ct).AsTask()).ToArray();

        release();

        foreach (var append in queued.Prepend(first))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => append);
            Assert.Contains("disk on fire", error.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(["tx-failed-1", "tx-failed-2", "tx-failed-3"], batches.Last());
        await _bed.ExecuteAsync("DROP TRIGGER refuse_all ON decisions;");

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-later"), Ct));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-failed-2"), Ct));
        Assert.NotNull(await log.FindAsync("tx-acknowledged", Ct));
        Assert.Null(await log.FindAsync("tx-failed-1", Ct));
        Assert.Equal(3, await _bed.CountAsync("decisions"));
    }

    [Fact]
    public async Task Appends_complete_only_after_their_batch_is_committed()
    {
        var log = await _bed.StartAsync();
        var batches = HoldFirstBatch(log, out var release);
        var held = log.AppendAsync(SampleDecisions.Create("tx-held"), Ct).AsTask();
        await WaitForBatchesAsync(batches, 1);

        // The writer holds the batch before inserting it. A log that acknowledged early would have completed it by
        // now; the window only gives such a bug time to show, it hides no race.
        await Task.WhenAny(held, Task.Delay(TimeSpan.FromMilliseconds(200), Ct));
        Assert.False(held.IsCompleted);
        Assert.Equal(0, await _bed.CountAsync("decisions"));

        release();

        Assert.Equal(AppendOutcome.Appended, await held);
        Assert.Equal(1, await _bed.CountAsync("decisions"));
    }

    [Fact]
    public async Task An_append_cancelled_while_queued_is_not_written()
    {
        var log = await _bed.StartAsync();
        var batches = HoldFirstBatch(log, out var release);
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await WaitForBatchesAsync(batches, 1);
        using var cancellation = new CancellationTokenSource();
        var cancelled = log.AppendAsync(SampleDecisions.Create("tx-cancelled"), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        release();

        await filler;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Null(await log.FindAsync("tx-cancelled", Ct));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-cancelled"), Ct));
    }

    [Fact]
    public async Task Dispose_commits_every_queued_append_and_refuses_later_ones()
    {
        var log = await _bed.StartAsync();
        var batches = HoldFirstBatch(log, out var release);
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await WaitForBatchesAsync(batches, 1);
        var queued = Enumerable.Range(0, 100).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()).ToArray();

        var disposing = log.DisposeAsync().AsTask();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(SampleDecisions.Create("tx-late"), Ct));
        Assert.False(disposing.IsCompleted);
        release();
        await disposing;

        Assert.All(queued.Append(filler), append => Assert.Equal(AppendOutcome.Appended, append.Result));
        Assert.Equal(101, await _bed.CountAsync("decisions"));
    }

    [Fact]
    public async Task Feature_names_are_stored_once_per_distinct_schema()
    {
        var log = await _bed.StartAsync();
        ImmutableArray<string> other = ["alpha", "beta", "gamma"];

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()));
        await Task.WhenAll(Enumerable.Range(50, 10).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}", featureNames: other), Ct).AsTask()));
        await log.AppendAsync(SampleDecisions.Create("tx-60"), Ct);

        Assert.Equal(2, await _bed.CountAsync("feature_schemas"));
        Assert.Equal(other, (await log.FindAsync("tx-55", Ct))!.Result.Features.Select(f => f.Name));
        Assert.Equal(Ml.Features.FeatureSchema.Names, (await log.FindAsync("tx-60", Ct))!.Result.Features.Select(f => f.Name));
    }

    [Fact]
    public async Task A_decision_that_cannot_be_stored_as_given_is_refused_before_anything_is_written()
    {
        var log = await _bed.StartAsync();
        var valid = SampleDecisions.Create("tx-1");
        var unknownFeature = valid with { Result = valid.Result with { Reasons = [new Reason("not_a_feature", 1, 0.5)] } };
        var otherTransaction = valid with { Result = valid.Result with { TransactionId = "tx-2" } };
        var notANumber = valid with { Result = valid.Result with { Score = double.NaN } };

        Assert.Contains("not_a_feature", Assert.Throws<ArgumentException>(() => log.AppendAsync(unknownFeature, Ct)).Message, StringComparison.Ordinal);
        Assert.Contains("tx-2", Assert.Throws<ArgumentException>(() => log.AppendAsync(otherTransaction, Ct)).Message, StringComparison.Ordinal);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => log.AppendAsync(notANumber, Ct)).Message, StringComparison.Ordinal);
        Assert.Equal(0, log.BatchesCommitted);
        Assert.Equal(0, await _bed.CountAsync("decisions"));
    }

    [Fact]
    public async Task Settings_out_of_range_are_refused_by_name()
    {
        PostgresDecisionLogOptions[] invalid =
        [
            new() { MaxBatchSize = 0 },
            new() { MaxBatchSize = PostgresDecisionLogOptions.MaxBatchSizeLimit + 1 },
            new() { QueueCapacity = 0 },
        ];
        string[] names = ["MaxBatchSize", "MaxBatchSize", "QueueCapacity"];

        for (var i = 0; i < invalid.Length; i++)
        {
            var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _bed.StartAsync(invalid[i]));
            Assert.Equal(names[i], error.ParamName);
        }
    }

    /// <summary>Records every batch the writer takes and holds the first one until <paramref name="release"/> is called.</summary>
    private static ConcurrentQueue<IReadOnlyList<string>> HoldFirstBatch(PostgresDecisionLog log, out Action release)
    {
        var batches = new ConcurrentQueue<IReadOnlyList<string>>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        log.BeforeCommit = ids =>
        {
            batches.Enqueue(ids);
            return batches.Count == 1 ? gate.Task : Task.CompletedTask;
        };
        release = () => gate.TrySetResult();
        return batches;
    }

    private static Task WaitForBatchesAsync(ConcurrentQueue<IReadOnlyList<string>> batches, int count) =>
        Testing.Eventually.HoldsAsync(() => batches.Count >= count, $"the writer takes {count} batch(es)");
}
