using FraudActors.Grains.Decisions;
using FraudActors.Silo.Storage.Journal;

namespace FraudActors.Silo.Tests.Storage.Journal;

public sealed class JournalRecoveryTests : IAsyncDisposable
{
    private readonly DecisionLogTestBed _bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_crash_every_acknowledged_decision_is_found_histories_are_whole_and_duplicates_still_caught()
    {
        const int Count = 300;
        var log = await _bed.StartAsync(new DecisionLogOptions { IndexBatchRows = 100 });
        var decisions = Enumerable.Range(0, Count)
            .Select(i => SampleDecisions.Create($"tx-{i}", customerId: $"c-{i % 7}", terminalId: $"t-{i % 5}", timestamp: SampleDecisions.Noon.AddMinutes(i)))
            .ToArray();

        // Some decisions reach the store, the rest only the journal: the crash finds the indexer behind.
        foreach (var decision in decisions.Take(100))
        {
            Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(decision, Ct));
        }

        await Testing.Eventually.HoldsAsync(() => log.TailCount == 0, "the first hundred are indexed");
        log.PauseIndexer(true);
        var outcomes = await Task.WhenAll(decisions.Skip(100).Select(decision => log.AppendAsync(decision, Ct).AsTask()));
        Assert.All(outcomes, outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        Assert.Equal(100, _bed.CountRows("decisions"));
        await log.SimulateCrashAsync();

        var recovered = await _bed.StartAsync();

        Assert.Equal(Count, _bed.CountRows("decisions"));
        Assert.Equal(0, recovered.TailCount);
        Assert.Empty(_bed.Segments());
        foreach (var decision in decisions)
        {
            JournaledDecisionLogTests.AssertSameDecision(decision, await recovered.FindAsync(decision.Request.TransactionId, Ct));
        }

        var history = await ReadAllAsync(recovered.ReadCustomerHistoryAsync("c-3", TimeSpan.FromDays(1), Ct));
        Assert.Equal(decisions.Where(d => d.Request.CustomerId == "c-3").Select(d => d.Request.TransactionId), history.Select(entry => entry.TransactionId));
        Assert.Equal(AppendOutcome.DuplicateTransaction, await recovered.AppendAsync(decisions[5], Ct));
        Assert.Equal(AppendOutcome.DuplicateTransaction, await recovered.AppendAsync(decisions[250], Ct));
        Assert.Equal(AppendOutcome.Appended, await recovered.AppendAsync(SampleDecisions.Create("tx-after-crash"), Ct));
        Assert.NotNull(await recovered.FindAsync("tx-after-crash", Ct));
    }

    [Fact]
    public async Task A_log_restarted_after_a_clean_stop_continues_the_sequence_and_still_refuses_old_ids()
    {
        var first = await _bed.StartAsync();
        await first.AppendAsync(SampleDecisions.Create("tx-1"), Ct);
        await first.AppendAsync(SampleDecisions.Create("tx-2"), Ct);
        await first.DisposeAsync();

        var second = await _bed.StartAsync();
        Assert.Equal(AppendOutcome.DuplicateTransaction, await second.AppendAsync(SampleDecisions.Create("tx-1"), Ct));
        Assert.Equal(AppendOutcome.Appended, await second.AppendAsync(SampleDecisions.Create("tx-3"), Ct));
        await second.DisposeAsync();

        Assert.Equal(1, _bed.CountRows("decisions", "transaction_id = 'tx-3' AND seq = 3"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("partial record")]
    [InlineData("unpreallocated garbage")]
    public async Task A_torn_tail_of_the_last_segment_is_truncated_and_every_intact_record_served(string damage)
    {
        var preallocate = damage != "unpreallocated garbage";
        var log = await _bed.StartAsync(new DecisionLogOptions { PreallocateSegments = preallocate });
        log.PauseIndexer(true);
        for (var i = 0; i < 10; i++)
        {
            await log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct);
        }

        await log.SimulateCrashAsync();
        var segment = Assert.Single(_bed.Segments());
        var end = EndOfRecords(segment);
        byte[] tail = damage == "partial record"
            ? RecordBytes(segment)[..^10]
            : [0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        Overwrite(segment, end, tail);

        var recovered = await _bed.StartAsync();

        Assert.Equal(10, _bed.CountRows("decisions"));
        for (var i = 0; i < 10; i++)
        {
            Assert.NotNull(await recovered.FindAsync($"tx-{i}", Ct));
        }

        Assert.Equal(AppendOutcome.Appended, await recovered.AppendAsync(SampleDecisions.Create("tx-10"), Ct));
        await Testing.Eventually.HoldsAsync(() => recovered.TailCount == 0, "the indexer stores the new decision");
        Assert.Equal(1, _bed.CountRows("decisions", "transaction_id = 'tx-10' AND seq = 11"));
    }

    [Fact]
    public async Task Damage_followed_by_intact_records_refuses_to_start_naming_the_segment_and_offset()
    {
        var log = await _bed.StartAsync();
        log.PauseIndexer(true);
        for (var i = 0; i < 5; i++)
        {
            // One append at a time: five batches, so the records after the damage are of later, acknowledged batches.
            await log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct);
        }

        await log.SimulateCrashAsync();
        var segment = Assert.Single(_bed.Segments());
        var data = DecisionLogTestBed.ReadShared(segment);
        var second = FirstRecordBytes(data);
        Overwrite(segment, second + 30, [0xFF]);

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => _bed.StartAsync());

        Assert.Equal(segment, error.SegmentPath);
        Assert.Equal(second, error.Offset);
        Assert.Contains(segment, error.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {second}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _bed.CountRows("decisions"));
    }

    [Fact]
    public async Task Damage_after_the_last_record_of_a_segment_that_is_not_the_last_refuses_to_start()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { SegmentBytes = DecisionLogOptions.MinSegmentBytes, PreallocateSegments = false });
        log.PauseIndexer(true);
        for (var i = 0; i < 40; i++)
        {
            await log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct);
        }

        await log.SimulateCrashAsync();
        var segments = _bed.Segments();
        Assert.True(segments.Count >= 2, $"{segments.Count} segments");
        var end = EndOfRecords(segments[0]);
        Overwrite(segments[0], end, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => _bed.StartAsync());

        Assert.Equal(segments[0], error.SegmentPath);
        Assert.Equal(end, error.Offset);
    }

    [Fact]
    public async Task A_missing_segment_refuses_to_start()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { SegmentBytes = DecisionLogOptions.MinSegmentBytes });
        log.PauseIndexer(true);
        for (var i = 0; i < 60; i++)
        {
            await log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct);
        }

        await log.SimulateCrashAsync();
        var segments = _bed.Segments();
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        File.Delete(segments[1]);

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => _bed.StartAsync());

        Assert.Equal(segments[2], error.SegmentPath);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    /// <summary>Offset just past the last intact record, walked independently of the log's scan.</summary>
    private static int EndOfRecords(string segment)
    {
        var data = DecisionLogTestBed.ReadShared(segment);
        var offset = 0;
        while (JournalRecordFormat.TryRead(data, offset, out var record))
        {
            offset = record.End;
        }

        return offset;
    }

    private static int FirstRecordBytes(byte[] data) =>
        JournalRecordFormat.TryRead(data, 0, out var record) ? record.End : throw new InvalidOperationException("No record.");

    private static byte[] RecordBytes(string segment)
    {
        var data = DecisionLogTestBed.ReadShared(segment);
        return data[..FirstRecordBytes(data)];
    }

    private static void Overwrite(string path, long offset, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Position = offset;
        stream.Write(bytes);
    }

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
