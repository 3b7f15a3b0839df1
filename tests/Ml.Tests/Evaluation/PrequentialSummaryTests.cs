using FraudActors.Ml.Evaluation;

namespace FraudActors.Ml.Tests.Evaluation;

public sealed class PrequentialSummaryTests
{
    [Fact]
    public void Summary_is_the_mean_and_population_standard_deviation_per_metric()
    {
        // AUC 0.80 and 0.90: mean 0.85, deviations ±0.05, population std √((0.0025 + 0.0025) / 2) = 0.05
        // (the sample std would be 0.0707). AP equal on both folds: std 0. CP 0.2 and 0.3: 0.25 ± 0.05.
        PrequentialSummary summary = PrequentialSummary.Of([new ModelScores(0.80, 0.6, 0.2), new ModelScores(0.90, 0.6, 0.3)]);

        Assert.Equal(2, summary.Folds);
        Assert.Equal(0.85, summary.AucRoc.Mean, 12);
        Assert.Equal(0.05, summary.AucRoc.StandardDeviation, 12);
        Assert.Equal(new MeanAndSpread(0.6, 0), summary.AveragePrecision);
        Assert.Equal(0.25, summary.CardPrecisionAt100.Mean, 12);
        Assert.Equal(0.05, summary.CardPrecisionAt100.StandardDeviation, 12);
        Assert.Equal("0.850 ± 0.050", summary.AucRoc.ToString());
    }

    [Fact]
    public void No_folds_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => PrequentialSummary.Of([]));
    }
}
