using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Silo.Replay;
using FraudActors.Testing;

namespace FraudActors.Grains.Tests.Drift;

public sealed class DriftGrainTests(TrainedModel trained) : IClassFixture<TrainedModel>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public async Task The_report_reads_every_logged_decision_of_both_windows_labelled_or_not_and_scores_them_with_the_served_champion()
    {
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), trained, new Dictionary<string, string?> { ["Retraining:RetrainEveryLabels"] = "0" });
        var all = trained.Dataset.Transactions;
        var newest = all[^1].UnixSeconds;
        var stream = all.Where(t => t.UnixSeconds > newest - (12 * 86_400L)).ToArray();
        await new TransactionReplay(silo.Grains).RunAsync(stream, feedFraudLabels: false, (_, _) => { }, TestContext.Current.CancellationToken);

        // The log's indexer stores decisions in the background: wait until the whole recent window is readable.
        var grain = silo.Grains.GetGrain<IDriftGrain>(IDriftGrain.Key);
        var expectedRecent = stream.Count(t => t.UnixSeconds > newest - (5 * 86_400L));
        var expectedReference = stream.Count(t => t.UnixSeconds > newest - (10 * 86_400L) && t.UnixSeconds <= newest - (5 * 86_400L));
        DriftReport? report = null;
        await Eventually.HoldsAsync(async () =>
        {
            report = await grain.ReportAsync(5);
            return report.Recent.Rows == expectedRecent;
        }, "every decision of the recent window is readable");

        Assert.Equal(expectedReference, report!.Reference.Rows);
        Assert.Equal(trained.Model.Version, report.ScoredBy);
        Assert.NotNull(report.Score);
        Assert.Equal(15, report.Features.Length);
        Assert.Contains(report.Verdict, new[] { "stable", "moderate", "significant" });
    }

    [Fact]
    public async Task Days_out_of_range_are_refused()
    {
        await using var silo = await GrainsSilo.StartAsync(_directory.File("node.db"), trained);
        var grain = silo.Grains.GetGrain<IDriftGrain>(IDriftGrain.Key);

        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(async () => await grain.ReportAsync(0));
        await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(async () => await grain.ReportAsync(IDriftGrain.MaxDays + 1));
    }

    public void Dispose() => _directory.Dispose();
}
