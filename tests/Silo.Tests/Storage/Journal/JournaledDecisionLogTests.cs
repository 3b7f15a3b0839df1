using System.Collections.Immutable;
using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Silo.Storage.Journal;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Journal;

public sealed class JournaledDecisionLogTests : IAsyncDisposable
{
    private readonly DecisionLogTestBed _bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_logged_decision_reads_back_equal_in_every_field_from_the_tail_the_store_and_a_new_process()
    {
        var log = await _bed.StartAsync();
        log.PauseIndexer(true);
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

        Assert.Equal(1, log.TailCount);
        AssertSameDecision(original, await log.FindAsync("tx-exact-ü", Ct));

        log.PauseIndexer(false);
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer moves the decision to the store");
        AssertSameDecision(original, await log.FindAsync("tx-exact-ü", Ct));

        // A new database object and log: nothing comes from the first log's caches (feature names included).
        await log.DisposeAsync();
        var reopened = await _bed.StartAsync();
        AssertSameDecision(original, await reopened.FindAsync("tx-exact-ü", Ct));
        Assert.Null(await reopened.FindAsync("tx-never-logged", Ct));
    }

    [Fact]
    public async Task A_shadow_score_reads_back_from_the_tail_the_store_and_a_new_process()
    {
        var log = await _bed.StartAsync();
        log.PauseIndexer(true);
        var shadow = new ShadowScore("challenger-3", 0.91, Decision.Decline);
        var original = DecisionRecordTests.WithShadow(SampleDecisions.Create("tx-shadowed", score: 0.05, decision: Decision.Approve), shadow);

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(original, Ct));

        AssertSameDecision(original, await log.FindAsync("tx-shadowed", Ct));
        log.PauseIndexer(false);
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer moves the decision to the store");
        AssertSameDecision(original, await log.FindAsync("tx-shadowed", Ct));
        Assert.Equal(1, _bed.CountRows("decisions", "shadow_model_version = 'challenger-3' AND shadow_score = 0.91 AND shadow_decision = 2"));

        await log.DisposeAsync();
        var reopened = await _bed.StartAsync();
        AssertSameDecision(original, await reopened.FindAsync("tx-shadowed", Ct));
    }

    [Fact]
    public async Task In_one_indexed_batch_each_decision_keeps_its_own_shadow_or_none()
    {
        var log = await _bed.StartAsync();
        log.PauseIndexer(true);
        var decisions = new[]
        {
            DecisionRecordTests.WithShadow(SampleDecisions.Create("tx-a"), new ShadowScore("challenger-a", 0.6, Decision.Review)),
            SampleDecisions.Create("tx-b"),
            DecisionRecordTests.WithShadow(SampleDecisions.Create("tx-c"), new ShadowScore("challenger-c", 0.1, Decision.Approve)),
            SampleDecisions.Create("tx-d"),
        };
        foreach (var decision in decisions)
        {
            await log.AppendAsync(decision, Ct);
        }

        log.PauseIndexer(false);
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer stores the batch");

        // The insert statement is reused: a row without a shadow must not inherit the previous row's.
        Assert.Equal(2, _bed.CountRows("decisions", "shadow_model_version IS NULL AND shadow_score IS NULL AND shadow_decision IS NULL"));
        foreach (var decision in decisions)
        {
            AssertSameDecision(decision, await log.FindAsync(decision.Request.TransactionId, Ct));
        }
    }

    [Fact]
    public async Task A_shadow_score_that_could_not_be_stored_is_refused()
    {
        var log = await _bed.StartAsync();

        Assert.Throws<ArgumentException>(() => log.AppendAsync(
            DecisionRecordTests.WithShadow(SampleDecisions.Create("tx-nan"), new ShadowScore("c", double.NaN, Decision.Review)), Ct));
        Assert.Throws<ArgumentException>(() => log.AppendAsync(
            DecisionRecordTests.WithShadow(SampleDecisions.Create("tx-bad"), new ShadowScore("c", 0.5, (Decision)7)), Ct));
        Assert.Empty(_bed.TransactionsInJournal());

        Assert.Null(await log.FindAsync("tx-nan", Ct));
        Assert.Null(await log.FindAsync("tx-bad", Ct));
    }

    [Fact]
    public async Task A_decision_without_features_or_reasons_reads_back_empty()
    {
        var log = await _bed.StartAsync();
        var original = SampleDecisions.Create("tx-bare", featureNames: []);

        await log.AppendAsync(original, Ct);

        var read = await log.FindAsync("tx-bare", Ct);
        Assert.NotNull(read);
        Assert.Empty(read.Result.Features);
        Assert.Empty(read.Result.Reasons);
    }

    [Fact]
    public async Task An_append_is_in_the_journal_files_as_soon_as_it_completes()
    {
        var log = await _bed.StartAsync();
        log.PauseIndexer(true);
        for (var i = 0; i < 20; i++)
        {
            await log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct);

            Assert.Equal(Enumerable.Range(0, i + 1).Select(n => $"tx-{n}"), _bed.TransactionsInJournal());
        }
    }

    [Fact]
    public async Task Appends_complete_only_after_their_batch_is_flushed()
    {
        var log = await _bed.StartAsync();
        log.WriterGate.Reset();
        var first = log.AppendAsync(SampleDecisions.Create("tx-held"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer takes the first append into a batch");
        var queued = Enumerable.Range(0, 5).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-queued-{i}"), Ct).AsTask()).ToArray();
        var all = queued.Append(first).ToArray();

        // The writer holds a batch and cannot write it. A log that acknowledged before flushing would have
        // completed these by now; the window only gives such a bug time to show, it hides no race.
        await Task.WhenAny(Task.WhenAll(all), Task.Delay(TimeSpan.FromMilliseconds(200), Ct));
        Assert.All(all, append => Assert.False(append.IsCompleted));
        Assert.Empty(_bed.TransactionsInJournal());

        log.WriterGate.Set();

        Assert.All(await Task.WhenAll(all), outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        Assert.Equal(6, (await Task.WhenAll(all.Select((_, i) => log.FindAsync(i < 5 ? $"tx-queued-{i}" : "tx-held", Ct).AsTask()))).Count(found => found is not null));
    }

    [Fact]
    public async Task Concurrent_appends_share_flushes_and_all_reach_the_store()
    {
        const int Appends = 10_000;
        var log = await _bed.StartAsync(new DecisionLogOptions { IndexBatchRows = 3_000 });
        var decisions = Enumerable.Range(0, Appends).Select(i => SampleDecisions.Create($"tx-{i}", customerId: $"c-{i % 100}")).ToArray();

        var outcomes = await Task.WhenAll(decisions.Select(decision => log.AppendAsync(decision, Ct).AsTask()));

        Assert.All(outcomes, outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        var batchSizes = _bed.Measurements(DecisionLogInstruments.BatchSizeName);
        Assert.Equal(Appends, batchSizes.Sum());
        Assert.True(batchSizes.Count * 10 <= Appends, $"{batchSizes.Count} flushes for {Appends} appends");
        Assert.True(batchSizes.Max() <= new DecisionLogOptions().MaxBatchSize);
        Assert.Equal(batchSizes.Count, _bed.Measurements(DecisionLogInstruments.FlushDurationName).Count);
        Assert.Equal(Appends, _bed.Measurements(DecisionLogInstruments.AppendedName).Sum());

        // The indexer records a batch's size just after committing it, so the rows can be visible a moment before the
        // last batch is counted: wait for both.
        await Eventually.HoldsAsync(
            () => _bed.CountRows("decisions") == Appends && _bed.Measurements(DecisionLogInstruments.IndexBatchSizeName).Sum() == Appends,
            "the indexer stores every decision and counts every batch");
        Assert.All(_bed.Measurements(DecisionLogInstruments.IndexBatchSizeName), rows => Assert.InRange(rows, 1, 3_000));
        Assert.Equal(1, _bed.CountRows("decision_log_watermark", $"indexed_seq = {Appends}"));
    }

    [Fact]
    public async Task The_batch_limit_caps_every_flush()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { MaxBatchSize = 7 });

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()));

        var batchSizes = _bed.Measurements(DecisionLogInstruments.BatchSizeName);
        Assert.Equal(100, batchSizes.Sum());
        Assert.All(batchSizes, size => Assert.InRange(size, 1, 7));
    }

    [Fact]
    public async Task A_linger_still_writes_a_lone_append()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { Linger = TimeSpan.FromMilliseconds(5) });

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-alone"), Ct));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-next"), Ct));

        Assert.NotNull(await log.FindAsync("tx-alone", Ct));
        Assert.NotNull(await log.FindAsync("tx-next", Ct));
    }

    [Fact]
    public async Task A_repeated_transaction_id_is_refused_and_the_first_decision_is_kept_whether_in_the_tail_or_the_store()
    {
        var log = await _bed.StartAsync();
        log.PauseIndexer(true);
        var first = SampleDecisions.Create("tx-1", amountCents: 100, score: 0.1, decision: Decision.Approve);
        var second = SampleDecisions.Create("tx-1", amountCents: 999_999, score: 0.99, decision: Decision.Decline);

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(first, Ct));
        Assert.Equal(AppendOutcome.DuplicateTransaction, await log.AppendAsync(second, Ct));

        log.PauseIndexer(false);
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer moves the decision to the store");
        Assert.Equal(AppendOutcome.DuplicateTransaction, await log.AppendAsync(second, Ct));

        var kept = await log.FindAsync("tx-1", Ct);
        Assert.Equal(100, kept!.Request.AmountCents);
        Assert.Equal(0.1, kept.Result.Score);
        Assert.Equal(Decision.Approve, kept.Result.Decision);
        Assert.Equal(1, _bed.CountRows("decisions"));
        Assert.Equal(["tx-1"], _bed.TransactionsInJournal());
        Assert.Equal([1.0, 1.0], _bed.Measurements(DecisionLogInstruments.DuplicatesName));
    }

    [Fact]
    public async Task Two_appends_of_one_transaction_in_one_batch_write_it_once()
    {
        var log = await _bed.StartAsync();
        log.WriterGate.Reset();
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer holds the filler's batch");
        var firstCopy = log.AppendAsync(SampleDecisions.Create("tx-twice", amountCents: 1), Ct).AsTask();
        var secondCopy = log.AppendAsync(SampleDecisions.Create("tx-twice", amountCents: 2), Ct).AsTask();

        log.WriterGate.Set();

        Assert.Equal(AppendOutcome.Appended, await filler);
        Assert.Equal(AppendOutcome.Appended, await firstCopy);
        Assert.Equal(AppendOutcome.DuplicateTransaction, await secondCopy);
        Assert.Equal([1.0, 2.0], _bed.Measurements(DecisionLogInstruments.BatchSizeName));
        Assert.Equal(1, (await log.FindAsync("tx-twice", Ct))!.Request.AmountCents);
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer catches up");
        Assert.Equal(1, _bed.CountRows("decisions", "transaction_id = 'tx-twice'"));
    }

    [Fact]
    public async Task A_store_that_refuses_rows_leaves_the_decisions_durable_and_readable_and_the_indexer_retries_until_it_accepts()
    {
        var log = await _bed.StartAsync();
        _bed.Execute("CREATE TRIGGER refuse_all BEFORE INSERT ON decisions BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");

        string[] ids = ["tx-1", "tx-2", "tx-3"];
        foreach (var id in ids)
        {
            Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create(id), Ct));
        }

        await Eventually.HoldsAsync(() => _bed.Measurements(DecisionLogInstruments.IndexFailuresName).Count >= 2, "the indexer fails and retries");
        Assert.Equal(0, _bed.CountRows("decisions"));
        Assert.Equal(3, log.TailCount);
        foreach (var id in ids)
        {
            Assert.NotNull(await log.FindAsync(id, Ct));
        }

        _bed.Execute("DROP TRIGGER refuse_all;");

        await Eventually.HoldsAsync(() => _bed.CountRows("decisions") == 3, "the indexer's retry succeeds");
        Assert.Equal(0, log.TailCount);
    }

    [Fact]
    public async Task Dispose_with_a_full_tail_and_a_store_refusing_rows_still_makes_queued_appends_durable_for_the_next_start()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { TailCapacity = 2 });
        _bed.Execute("CREATE TRIGGER refuse_all BEFORE INSERT ON decisions BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");
        await log.AppendAsync(SampleDecisions.Create("tx-0"), Ct);
        await log.AppendAsync(SampleDecisions.Create("tx-1"), Ct);
        var queued = Enumerable.Range(2, 3).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()).ToArray();

        await log.DisposeAsync();

        Assert.All(queued, append => Assert.Equal(AppendOutcome.Appended, append.Result));
        Assert.Equal(0, _bed.CountRows("decisions"));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"tx-{i}"), _bed.TransactionsInJournal());

        _bed.Execute("DROP TRIGGER refuse_all;");
        var next = await _bed.StartAsync();

        Assert.Equal(5, _bed.CountRows("decisions"));
        Assert.NotNull(await next.FindAsync("tx-4", Ct));
    }

    [Fact]
    public async Task A_failed_journal_write_fails_its_appends_and_every_later_one_and_the_next_start_has_every_acknowledged_decision()
    {
        var log = await _bed.StartAsync();
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-acknowledged"), Ct));
        log.InjectedWriteFailure = new IOException("simulated: no space left on device");

        var failed = await Assert.ThrowsAsync<IOException>(async () => await log.AppendAsync(SampleDecisions.Create("tx-failed"), Ct));
        var later = await Assert.ThrowsAsync<InvalidOperationException>(async () => await log.AppendAsync(SampleDecisions.Create("tx-later"), Ct));

        Assert.Contains("no space left", failed.Message, StringComparison.Ordinal);
        Assert.Contains("restart", later.Message, StringComparison.Ordinal);
        Assert.Equal([1.0], _bed.Measurements(DecisionLogInstruments.FailedName));
        await log.DisposeAsync();

        var next = await _bed.StartAsync();
        Assert.NotNull(await next.FindAsync("tx-acknowledged", Ct));
        Assert.Null(await next.FindAsync("tx-failed", Ct));
        Assert.Equal(AppendOutcome.Appended, await next.AppendAsync(SampleDecisions.Create("tx-failed"), Ct));
    }

    [Fact]
    public async Task An_append_cancelled_while_queued_is_not_written()
    {
        var log = await _bed.StartAsync();
        log.WriterGate.Reset();
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer holds the filler's batch");
        using var cancellation = new CancellationTokenSource();
        var cancelled = log.AppendAsync(SampleDecisions.Create("tx-cancelled"), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        log.WriterGate.Set();

        await filler;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Null(await log.FindAsync("tx-cancelled", Ct));
        Assert.DoesNotContain("tx-cancelled", _bed.TransactionsInJournal());
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-cancelled"), Ct));
    }

    [Fact]
    public async Task A_continuation_that_blocks_on_another_append_does_not_stall_the_writer()
    {
        var log = await _bed.StartAsync();

        var chained = Task.Run(
            async () =>
            {
                await log.AppendAsync(SampleDecisions.Create("tx-1"), Ct);

                // Blocks the thread running this continuation until the next append is durable: if that thread were
                // the writer's, the flush could never happen.
                return log.AppendAsync(SampleDecisions.Create("tx-2"), Ct).AsTask().Wait(TimeSpan.FromSeconds(20), Ct);
            },
            Ct);

        Assert.True(await chained);
    }

    [Fact]
    public async Task Dispose_writes_every_queued_append_indexes_everything_and_refuses_later_appends()
    {
        var log = await _bed.StartAsync();
        log.WriterGate.Reset();
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer holds the filler's batch");
        var queued = Enumerable.Range(0, 100).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()).ToArray();

        var disposing = log.DisposeAsync().AsTask();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(SampleDecisions.Create("tx-late"), Ct));
        Assert.False(disposing.IsCompleted);
        log.WriterGate.Set();
        await disposing;

        Assert.All(queued.Append(filler), append => Assert.Equal(AppendOutcome.Appended, append.Result));
        Assert.Equal(101, _bed.CountRows("decisions"));
        Assert.Empty(_bed.Segments());
    }

    [Fact]
    public async Task Feature_names_are_stored_once_per_distinct_schema()
    {
        var log = await _bed.StartAsync();
        ImmutableArray<string> other = ["alpha", "beta", "gamma"];

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()));
        await Task.WhenAll(Enumerable.Range(50, 10).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}", featureNames: other), Ct).AsTask()));
        await log.AppendAsync(SampleDecisions.Create("tx-60"), Ct);

        Assert.Equal(2, _bed.CountRows("feature_schemas"));
        Assert.Equal(other, (await log.FindAsync("tx-55", Ct))!.Result.Features.Select(f => f.Name));
        Assert.Equal(Ml.Features.FeatureSchema.Names, (await log.FindAsync("tx-60", Ct))!.Result.Features.Select(f => f.Name));
    }

    [Fact]
    public async Task A_decision_that_cannot_be_stored_as_given_is_refused_before_anything_is_written()
    {
        var log = await _bed.StartAsync();
        var valid = SampleDecisions.Create("tx-1");
        var unknownFeature = valid with { Result = valid.Result with { Reasons = [new Reason("not_a_feature", 1, 0.5)] } };
        var otherValue = valid with { Result = valid.Result with { Reasons = [new Reason(valid.Result.Features[0].Name, -12345, 0.5)] } };
        var otherTransaction = valid with { Result = valid.Result with { TransactionId = "tx-2" } };
        var notANumber = valid with { Result = valid.Result with { Score = double.NaN } };

        Assert.Contains("not_a_feature", Assert.Throws<ArgumentException>(() => log.AppendAsync(unknownFeature, Ct)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => log.AppendAsync(otherValue, Ct));
        Assert.Contains("tx-2", Assert.Throws<ArgumentException>(() => log.AppendAsync(otherTransaction, Ct)).Message, StringComparison.Ordinal);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => log.AppendAsync(notANumber, Ct)).Message, StringComparison.Ordinal);
        Assert.Empty(_bed.TransactionsInJournal());
        Assert.Equal(0, log.BatchesStarted);
    }

    [Fact]
    public async Task Settings_out_of_range_are_refused_by_name()
    {
        DecisionLogOptions[] invalid =
        [
            new() { MaxBatchSize = 0 },
            new() { MaxBatchSize = DecisionLogOptions.MaxBatchSizeLimit + 1 },
            new() { Linger = TimeSpan.FromMilliseconds(-1) },
            new() { SegmentBytes = DecisionLogOptions.MinSegmentBytes - 1 },
            new() { TailCapacity = 0 },
            new() { IndexBatchRows = 0 },
            new() { IndexInterval = TimeSpan.FromMilliseconds(-1) },
            new() { IndexerCacheKibibytes = -1 },
            new() { CheckpointPages = -1 },
        ];
        string[] names = ["MaxBatchSize", "MaxBatchSize", "Linger", "SegmentBytes", "TailCapacity", "IndexBatchRows", "IndexInterval", "IndexerCacheKibibytes", "CheckpointPages"];

        for (var i = 0; i < invalid.Length; i++)
        {
            var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _bed.StartAsync(invalid[i]));
            Assert.Equal(names[i], error.ParamName);
        }
    }

    [Fact]
    public async Task A_second_log_on_the_same_journal_is_refused_while_the_first_runs()
    {
        await _bed.StartAsync();

        var error = await Assert.ThrowsAsync<IOException>(() => _bed.StartAsync());

        Assert.Contains(_bed.JournalDirectory, error.Message, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    internal static void AssertSameDecision(LoggedDecision expected, LoggedDecision? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Request, actual.Request);
        Assert.True(expected.Request.Timestamp.EqualsExact(actual.Request.Timestamp), $"timestamp {actual.Request.Timestamp:O}, expected {expected.Request.Timestamp:O}");
        var (want, got) = (expected.Result, actual.Result);
        Assert.Equal(want.TransactionId, got.TransactionId);
        Assert.Equal(want.Score, got.Score);
        Assert.Equal(want.Decision, got.Decision);
        Assert.Equal(want.Explanation, got.Explanation);
        Assert.Equal(want.ModelVersion, got.ModelVersion);
        Assert.Equal(want.Features, got.Features);
        Assert.Equal(
            want.Features.Select(f => BitConverter.DoubleToInt64Bits(f.Value)),
            got.Features.Select(f => BitConverter.DoubleToInt64Bits(f.Value)));
        Assert.Equal(want.Reasons, got.Reasons);
        Assert.True(want.DecidedAt.EqualsExact(got.DecidedAt), $"decided at {got.DecidedAt:O}, expected {want.DecidedAt:O}");
        Assert.Equal(want.Shadow, got.Shadow);
        Assert.False(got.Replayed);
    }
}
