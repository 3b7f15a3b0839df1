using FraudActors.Grains.Decisions;
using FraudActors.Silo.Storage.Journal;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Journal;

public sealed class JournalSegmentsTests : IAsyncDisposable
{
    private readonly DecisionLogTestBed _bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_journal_rotates_at_the_segment_size_and_deletes_a_segment_only_once_the_store_holds_all_of_it()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { SegmentBytes = DecisionLogOptions.MinSegmentBytes });
        log.PauseIndexer(true);
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct));
        }

        var segments = _bed.Segments();
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        Assert.All(segments.SkipLast(1), segment => Assert.InRange(new FileInfo(segment).Length, 1, DecisionLogOptions.MinSegmentBytes));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"tx-{i}"), _bed.TransactionsInJournal());

        // Each segment is named by its first record's number, counted from 1.
        var firsts = segments.Select(path => long.Parse(Path.GetFileNameWithoutExtension(path), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(1, firsts[0]);
        Assert.Equal(firsts.Order(), firsts);

        log.PauseIndexer(false);
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer catches up");
        await Eventually.HoldsAsync(() => _bed.Segments().Count == 1, "indexed segments are deleted");
        Assert.Equal(segments[^1], _bed.Segments().Single());
        for (var i = 0; i < 60; i++)
        {
            Assert.NotNull(await log.FindAsync($"tx-{i}", Ct));
        }
    }

    [Fact]
    public async Task With_the_indexer_stalled_appends_wait_at_the_tail_bound_and_resume_when_it_catches_up()
    {
        var log = await _bed.StartAsync(new DecisionLogOptions { TailCapacity = 4 });
        log.PauseIndexer(true);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct));
        }

        var waiting = Enumerable.Range(4, 3).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-{i}"), Ct).AsTask()).ToArray();

        // The window only gives a log without backpressure time to complete these; it hides no race.
        await Task.WhenAny(Task.WhenAll(waiting), Task.Delay(TimeSpan.FromMilliseconds(200), Ct));
        Assert.All(waiting, append => Assert.False(append.IsCompleted));
        Assert.Equal(4, log.TailCount);
        Assert.Equal(4, _bed.TransactionsInJournal().Count);

        log.PauseIndexer(false);

        Assert.All(await Task.WhenAll(waiting), outcome => Assert.Equal(AppendOutcome.Appended, outcome));
        await Eventually.HoldsAsync(() => _bed.CountRows("decisions") == 7, "the indexer stores all seven");
        Assert.Equal(0, log.TailCount);
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();
}
