using System.Collections.Immutable;
using FraudActors.Grains.Decisions;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime.Persistence.Sqlite;
using FraudActors.Silo.Storage.Sqlite;
using FraudActors.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FraudActors.Silo.Tests.Storage.Sqlite;

public sealed class SqliteDecisionLogTests : IAsyncDisposable
{
    private readonly DecisionLogTestBed _bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_logged_decision_reads_back_equal_in_every_field_also_from_a_new_process()
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
            new ScoreRequest("tx-exact", "customer-42", "terminal-7", -1_999, timestamp),
            new ScoreResult("tx-exact", 0.123456789012345, Decision.Review, "xgb-2026-03-28.1", reasons, ExplanationMethod.TreeShap, features, decidedAt, Replayed: false));

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(original, Ct));

        AssertSameDecision(original, await log.FindAsync("tx-exact", Ct));

        // A new database object and log: nothing comes from the first log's caches (feature names included).
        await log.DisposeAsync();
        await using var reopened = await SqliteDecisionLog.CreateAsync(
            new SqliteDatabase(_bed.DatabasePath), new DecisionLogOptions(), TimeProvider.System, _bed.MeterFactory, NullLogger.Instance, Ct);
        AssertSameDecision(original, await reopened.FindAsync("tx-exact", Ct));
        Assert.Null(await reopened.FindAsync("tx-never-logged", Ct));
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
    public async Task An_append_is_visible_to_a_new_connection_as_soon_as_it_completes()
    {
        var log = await _bed.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            await log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct);

            Assert.Equal(1, _bed.CountRows("decisions", $"transaction_id = 'tx-{i}'"));
        }
    }

    [Fact]
    public async Task Appends_complete_only_after_their_batch_commits()
    {
        var log = await _bed.StartAsync();
        using var writeLock = WriteLock.Take(_bed.Database);
        var first = log.AppendAsync(SampleDecisions.Create("tx-held"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer takes the first append into a batch");
        var queued = Enumerable.Range(0, 5).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-queued-{i}"), Ct).AsTask()).ToArray();
        var all = queued.Append(first).ToArray();

        // The writer holds a batch and cannot commit it. A log that acknowledged before committing would have
        // completed these by now; the window only gives such a bug time to show, it hides no race.
        await Task.WhenAny(Task.WhenAll(all), Task.Delay(TimeSpan.FromMilliseconds(200), Ct));
        Assert.All(all, append => Assert.False(append.IsCompleted));
        Assert.Equal(0, _bed.CountRows("decisions"));

        writeLock.Release();

        Assert.All(await Task.WhenAll(all), outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        Assert.Equal(6, _bed.CountRows("decisions"));
    }

    [Fact]
    public async Task Concurrent_appends_share_commits_and_are_all_durable()
    {
        const int Appends = 10_000;
        var log = await _bed.StartAsync();
        var decisions = Enumerable.Range(0, Appends).Select(i => SampleDecisions.Create($"tx-{i}", customerId: $"c-{i % 100}")).ToArray();

        var outcomes = await Task.WhenAll(decisions.Select(decision => log.AppendAsync(decision, Ct).AsTask()));

        Assert.All(outcomes, outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        var batchSizes = _bed.Measurements(DecisionLogInstruments.BatchSizeName);
        Assert.Equal(Appends, batchSizes.Sum());
        Assert.True(batchSizes.Count * 10 <= Appends, $"{batchSizes.Count} commits for {Appends} appends");
        Assert.True(batchSizes.Max() <= new DecisionLogOptions().MaxBatchSize);
        Assert.Equal(batchSizes.Count, _bed.Measurements(DecisionLogInstruments.CommitDurationName).Count);
        Assert.Equal(Appends, _bed.Measurements(DecisionLogInstruments.AppendedName).Sum());
        Assert.Equal(Appends, _bed.CountRows("decisions"));
    }

    [Fact]
    public async Task The_batch_limit_caps_every_commit()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { MaxBatchSize = 7 });

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()));

        var batchSizes = _bed.Measurements(DecisionLogInstruments.BatchSizeName);
        Assert.Equal(100, batchSizes.Sum());
        Assert.All(batchSizes, size => Assert.InRange(size, 1, 7));
    }

    [Fact]
    public async Task A_linger_still_commits_a_lone_append()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { Linger = TimeSpan.FromMilliseconds(5) });

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-alone"), Ct));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-next"), Ct));

        Assert.Equal(2, _bed.CountRows("decisions"));
    }

    [Fact]
    public async Task A_repeated_transaction_id_is_refused_and_the_first_row_is_kept()
    {
        var log = await _bed.StartAsync();
        var first = SampleDecisions.Create("tx-1", amountCents: 100, score: 0.1, decision: Decision.Approve);
        var second = SampleDecisions.Create("tx-1", amountCents: 999_999, score: 0.99, decision: Decision.Decline);

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(first, Ct));
        Assert.Equal(AppendOutcome.DuplicateTransaction, await log.AppendAsync(second, Ct));

        var kept = await log.FindAsync("tx-1", Ct);
        Assert.Equal(100, kept!.Request.AmountCents);
        Assert.Equal(0.1, kept.Result.Score);
        Assert.Equal(Decision.Approve, kept.Result.Decision);
        Assert.Equal(1, _bed.CountRows("decisions"));
        Assert.Equal([1.0], _bed.Measurements(DecisionLogInstruments.DuplicatesName));
    }

    [Fact]
    public async Task Two_appends_of_one_transaction_in_one_batch_write_it_once()
    {
        var log = await _bed.StartAsync();
        using var writeLock = WriteLock.Take(_bed.Database);
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer holds the filler's batch");
        var firstCopy = log.AppendAsync(SampleDecisions.Create("tx-twice", amountCents: 1), Ct).AsTask();
        var secondCopy = log.AppendAsync(SampleDecisions.Create("tx-twice", amountCents: 2), Ct).AsTask();

        writeLock.Release();

        Assert.Equal(AppendOutcome.Appended, await filler);
        Assert.Equal(AppendOutcome.Appended, await firstCopy);
        Assert.Equal(AppendOutcome.DuplicateTransaction, await secondCopy);
        Assert.Equal([1.0, 2.0], _bed.Measurements(DecisionLogInstruments.BatchSizeName));
        Assert.Equal(1, (await log.FindAsync("tx-twice", Ct))!.Request.AmountCents);
        Assert.Equal(1, _bed.CountRows("decisions", "transaction_id = 'tx-twice'"));
    }

    [Fact]
    public async Task A_batch_that_cannot_be_written_fails_every_append_in_it_and_logs_none_of_them()
    {
        var log = await _bed.StartAsync();
        _bed.Execute("""
            CREATE TRIGGER poison BEFORE INSERT ON decisions WHEN NEW.transaction_id = 'tx-poison'
            BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;
            """);
        using var writeLock = WriteLock.Take(_bed.Database);
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer holds the filler's batch");
        string[] ids = ["tx-before", "tx-poison", "tx-after"];
        var batch = ids.Select(id => log.AppendAsync(SampleDecisions.Create(id), Ct).AsTask()).ToArray();

        writeLock.Release();

        Assert.Equal(AppendOutcome.Appended, await filler);
        foreach (var append in batch)
        {
            var error = await Assert.ThrowsAsync<SqliteException>(() => append);
            Assert.Contains("simulated write failure", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, _bed.CountRows("decisions", "transaction_id IN ('tx-before', 'tx-poison', 'tx-after')"));
        Assert.Equal([3.0], _bed.Measurements(DecisionLogInstruments.FailedName));

        // The writer goes on, and the innocent appends were rolled back: they are new, not duplicates.
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-before"), Ct));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-after"), Ct));
        Assert.Equal(3, _bed.CountRows("decisions"));
    }

    [Fact]
    public async Task Appends_succeed_again_once_the_cause_of_a_failure_is_gone()
    {
        var log = await _bed.StartAsync();
        _bed.Execute("CREATE TRIGGER refuse_all BEFORE INSERT ON decisions BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;");

        await Assert.ThrowsAsync<SqliteException>(async () => await log.AppendAsync(SampleDecisions.Create("tx-1"), Ct));
        Assert.Equal(0, _bed.CountRows("decisions"));

        _bed.Execute("DROP TRIGGER refuse_all;");

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-1"), Ct));
        Assert.Equal(1, _bed.CountRows("decisions"));
    }

    [Fact]
    public async Task An_append_cancelled_while_queued_is_not_written()
    {
        var log = await _bed.StartAsync();
        using var writeLock = WriteLock.Take(_bed.Database);
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer holds the filler's batch");
        using var cancellation = new CancellationTokenSource();
        var cancelled = log.AppendAsync(SampleDecisions.Create("tx-cancelled"), cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        writeLock.Release();

        await filler;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(0, _bed.CountRows("decisions", "transaction_id = 'tx-cancelled'"));
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

                // Blocks the thread running this continuation until the next append commits: if that thread were the
                // writer's, the commit could never happen.
                return log.AppendAsync(SampleDecisions.Create("tx-2"), Ct).AsTask().Wait(TimeSpan.FromSeconds(20), Ct);
            },
            Ct);

        Assert.True(await chained);
    }

    [Fact]
    public async Task Dispose_commits_every_queued_append_and_refuses_later_ones()
    {
        var log = await _bed.StartAsync();
        using var writeLock = WriteLock.Take(_bed.Database);
        var filler = log.AppendAsync(SampleDecisions.Create("tx-filler"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer holds the filler's batch");
        var queued = Enumerable.Range(0, 100).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()).ToArray();

        var disposing = log.DisposeAsync().AsTask();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(SampleDecisions.Create("tx-late"), Ct));
        Assert.False(disposing.IsCompleted);
        writeLock.Release();
        await disposing;

        Assert.All(queued.Append(filler), append => Assert.Equal(AppendOutcome.Appended, append.Result));
        Assert.Equal(101, _bed.CountRows("decisions"));
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
        Assert.Equal(0, _bed.CountRows("decisions"));
    }

    [Fact]
    public async Task Settings_out_of_range_are_refused_by_name()
    {
        DecisionLogOptions[] invalid =
        [
            new() { MaxBatchSize = 0 },
            new() { MaxBatchSize = DecisionLogOptions.MaxBatchSizeLimit + 1 },
            new() { Linger = TimeSpan.FromMilliseconds(-1) },
            new() { WriterCacheKibibytes = -1 },
            new() { CheckpointPages = -1 },
        ];
        string[] names = ["MaxBatchSize", "MaxBatchSize", "Linger", "WriterCacheKibibytes", "CheckpointPages"];

        for (var i = 0; i < invalid.Length; i++)
        {
            var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _bed.StartAsync(invalid[i]));
            Assert.Equal(names[i], error.ParamName);
        }
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private static void AssertSameDecision(LoggedDecision expected, LoggedDecision? actual)
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
        Assert.False(got.Replayed);
    }
}
