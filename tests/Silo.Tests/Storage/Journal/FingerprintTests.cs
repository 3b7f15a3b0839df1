using FraudActors.Grains.Decisions;
using FraudActors.Silo.Storage.Journal;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Journal;

public sealed class FingerprintTests : IAsyncDisposable
{
    private readonly DecisionLogTestBed _bed = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_set_holds_every_added_fingerprint_across_growth_and_nothing_else()
    {
        var set = new TransactionFingerprints();
        var random = new Random(7);
        var added = new HashSet<ulong> { 0 };
        set.Add(0);
        while (added.Count < 10_000)
        {
            var fingerprint = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            Assert.Equal(added.Add(fingerprint), set.Add(fingerprint));
        }

        Assert.Equal(added.Count, set.Count);
        Assert.All(added, fingerprint => Assert.True(set.Contains(fingerprint)));
        var absent = Enumerable.Range(0, 10_000).Select(_ => (ulong)random.NextInt64()).Where(f => !added.Contains(f)).ToList();
        Assert.All(absent, fingerprint => Assert.False(set.Contains(fingerprint)));
    }

    [Fact]
    public async Task Ids_that_share_a_fingerprint_are_both_logged_and_each_is_still_refused_when_repeated()
    {
        // Every id collides: each append after the first must be confirmed by the id, in the batch, the tail or the store.
        var log = await _bed.StartAsync(fingerprintOf: _ => 42UL);
        log.WriterGate.Reset();
        var filler = log.AppendAsync(SampleDecisions.Create("tx-a"), Ct).AsTask();
        await Eventually.HoldsAsync(() => log.BatchesStarted == 1, "the writer holds the first batch");
        var sameBatch = new[] { "tx-b", "tx-c", "tx-b" }.Select(id => log.AppendAsync(SampleDecisions.Create(id), Ct).AsTask()).ToArray();
        log.WriterGate.Set();

        Assert.Equal(AppendOutcome.Appended, await filler);
        Assert.Equal([AppendOutcome.Appended, AppendOutcome.Appended, AppendOutcome.DuplicateTransaction], await Task.WhenAll(sameBatch));

        log.PauseIndexer(true);
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-d"), Ct));
        Assert.Equal(AppendOutcome.DuplicateTransaction, await log.AppendAsync(SampleDecisions.Create("tx-d"), Ct));
        log.PauseIndexer(false);
        await Eventually.HoldsAsync(() => log.TailCount == 0, "the indexer stores all four");
        Assert.Equal(AppendOutcome.DuplicateTransaction, await log.AppendAsync(SampleDecisions.Create("tx-a"), Ct));
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-e"), Ct));

        foreach (var id in new[] { "tx-a", "tx-b", "tx-c", "tx-d", "tx-e" })
        {
            Assert.Equal(id, (await log.FindAsync(id, Ct))?.Request.TransactionId);
        }

        Assert.Equal(5, _bed.CountRows("decisions") + log.TailCount);
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();
}
