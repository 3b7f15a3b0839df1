using FraudActors.Grains.Models;
using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Features;
using FraudActors.Ml.Models;
using FraudActors.Ml.Training;
using FraudActors.Testing;

namespace FraudActors.Grains.Tests.Models;

public sealed class ModelComparerTests(TrainedModel trained) : IClassFixture<TrainedModel>
{
    private const double Review = 0.5;
    private const double Decline = 0.9;

    /// <summary>The simulation's last <paramref name="days"/> days as labelled rows, optionally with every label genuine.</summary>
    private LabelledRows Rows(int days, bool withFrauds = true)
    {
        var rows = new LabelledRows();
        var transactions = trained.Dataset.Transactions;
        var cutoff = transactions[^1].UnixSeconds - (days * 86_400L);
        Span<float> features = stackalloc float[FeatureSchema.Count];
        for (var i = 0; i < transactions.Count; i++)
        {
            if (transactions[i].UnixSeconds < cutoff)
            {
                continue;
            }

            var row = trained.Dataset.Features.Row(i);
            for (var j = 0; j < FeatureSchema.Count; j++)
            {
                features[j] = (float)row[j];
            }

            rows.Add(transactions[i].UnixSeconds, transactions[i].CustomerId, withFrauds && transactions[i].IsFraud, features);
        }

        return rows;
    }

    private ScoringModel Weak()
    {
        var manifest = trained.AddVersion(rounds: 1, maxDepth: 1, new DateTimeOffset(2018, 6, 5, 0, 0, 0, TimeSpan.Zero));
        var bytes = new FileSystemArtifactStore(trained.ArtifactsPath).GetAsync(manifest.ArtifactSha256, CancellationToken.None).GetAwaiter().GetResult();
        return ScoringModel.Load(manifest, bytes);
    }

    [Fact]
    public void A_model_compared_with_itself_agrees_everywhere_and_scores_as_the_retraining_judge_does()
    {
        var rows = Rows(days: 14);

        var comparison = ModelComparer.Compare(rows, trained.Model, trained.Model, 14, Review, Decline);

        var all = Enumerable.Range(0, rows.Count).ToArray();
        var judged = RetrainingPipeline.Judge(trained.Model.Ensemble, rows, all, rows.Day(0), rows.Day(rows.Count - 1));
        Assert.Equal(1.0, comparison.Agreement);
        Assert.Equal((rows.Count, judged.Frauds), (comparison.Rows, comparison.Frauds));
        Assert.Equal((rows.Day(0), rows.Day(rows.Count - 1)), (comparison.From!.Value, comparison.To!.Value));
        Assert.Equal(judged.AucRoc, comparison.Champion.AucRoc);
        Assert.Equal(judged.AveragePrecision, comparison.Champion.AveragePrecision);
        Assert.Equal(judged.CardPrecisionAt100, comparison.Champion.CardPrecisionAt100);
        Assert.Equal(comparison.Champion, comparison.Challenger);
    }

    [Fact]
    public void A_weaker_challenger_ranks_worse_and_decides_some_transactions_otherwise()
    {
        var rows = Rows(days: 14);

        var comparison = ModelComparer.Compare(rows, trained.Model, Weak(), 14, Review, Decline);

        Assert.True(comparison.Champion.AveragePrecision > comparison.Challenger.AveragePrecision,
            $"AP champion {comparison.Champion.AveragePrecision} vs weak challenger {comparison.Challenger.AveragePrecision}");
        Assert.InRange(comparison.Agreement!.Value, 0.0, 1.0 - (1.0 / rows.Count));
        Assert.NotEqual(comparison.Champion.Flagged, comparison.Challenger.Flagged);
    }

    [Fact]
    public void Without_frauds_the_ranking_metrics_are_null_and_without_rows_everything_is()
    {
        var genuine = ModelComparer.Compare(Rows(days: 3, withFrauds: false), trained.Model, trained.Model, 3, Review, Decline);
        var empty = ModelComparer.Compare(new LabelledRows(), trained.Model, trained.Model, 3, Review, Decline);

        Assert.Equal(0, genuine.Frauds);
        Assert.Null(genuine.Champion.AucRoc);
        Assert.Null(genuine.Champion.AveragePrecision);
        Assert.Equal(0.0, genuine.Champion.CardPrecisionAt100);
        Assert.NotNull(genuine.Agreement);
        Assert.Equal(0, empty.Rows);
        Assert.Null(empty.From);
        Assert.Null(empty.Agreement);
        Assert.Null(empty.Challenger.CardPrecisionAt100);
    }
}
