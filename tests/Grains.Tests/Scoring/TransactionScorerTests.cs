using FraudActors.Grains.Interfaces;
using FraudActors.Grains.Scoring;
using FraudActors.Ml.Features;
using FraudActors.Testing;
using Microsoft.Extensions.Options;

namespace FraudActors.Grains.Tests.Scoring;

public sealed class TransactionScorerTests(TrainedModel trained) : IClassFixture<TrainedModel>
{
    private static readonly ScoreRequest Request = new("tx", "c", "t", 24_990, new DateTimeOffset(2018, 8, 11, 3, 30, 0, TimeSpan.Zero));
    private static readonly CustomerWindowFeatures Customer = new(3, 30_000, 10, 80_000, 25, 150_000);
    private static readonly TerminalWindowFeatures Terminal = new(2, 1, 9, 2, 40, 3);

    private static TransactionScorer Scorer(double review, double decline, ExplanationPolicy policy = ExplanationPolicy.ExactWhenFlagged) =>
        new(Options.Create(new ScoringOptions { ReviewThreshold = review, DeclineThreshold = decline, Explanations = policy }));

    private float ModelScore()
    {
        Span<float> inputs = stackalloc float[FeatureSchema.Count];
        TransactionFeatures.Write(Request.Timestamp.ToUnixTimeSeconds(), Request.AmountCents, Customer, Terminal, inputs);
        return trained.Model.Score(inputs);
    }

    [Fact]
    public void Features_are_the_batch_twins_and_the_score_is_the_models()
    {
        var result = Scorer(0.5, 0.9).Score(trained.Model, Request, Customer, Terminal, DateTimeOffset.UnixEpoch);

        Span<double> expected = stackalloc double[FeatureSchema.Count];
        TransactionFeatures.Write(Request.Timestamp.ToUnixTimeSeconds(), Request.AmountCents, Customer, Terminal, expected);
        Assert.Equal(FeatureSchema.Names, result.Features.Select(f => f.Name));
        Assert.Equal(expected.ToArray(), result.Features.Select(f => f.Value));
        Assert.Equal(249.90, result.Features[FeatureSchema.TxAmount].Value);
        Assert.Equal(1, result.Features[FeatureSchema.TxDuringWeekend].Value);   // 2018-08-11 was a Saturday
        Assert.Equal(1, result.Features[FeatureSchema.TxDuringNight].Value);     // 03:30 UTC
        Assert.Equal(0.5, result.Features[FeatureSchema.TerminalRisk1Day].Value);
        Assert.Equal(ModelScore(), (float)result.Score);
        Assert.Equal(trained.Model.Version, result.ModelVersion);
    }

    [Fact]
    public void Thresholds_decide_with_inclusive_lower_bounds()
    {
        double score = ModelScore();

        Assert.Equal(Decision.Approve, Scorer(Math.Min(1, score + 1e-6), 1).Score(trained.Model, Request, Customer, Terminal, default).Decision);
        Assert.Equal(Decision.Review, Scorer(score, Math.Min(1, score + 1e-6)).Score(trained.Model, Request, Customer, Terminal, default).Decision);
        Assert.Equal(Decision.Decline, Scorer(score, score).Score(trained.Model, Request, Customer, Terminal, default).Decision);
    }

    [Fact]
    public void Reasons_are_the_largest_contributions_and_flagged_decisions_get_exact_shapley_values()
    {
        var flagged = Scorer(1e-9, 1).Score(trained.Model, Request, Customer, Terminal, default);
        var approved = Scorer(1, 1).Score(trained.Model, Request, Customer, Terminal, default);

        Assert.Equal(ExplanationMethod.TreeShap, flagged.Explanation);
        Assert.Equal(ExplanationMethod.PathAttribution, approved.Explanation);

        Span<float> inputs = stackalloc float[FeatureSchema.Count];
        var shap = new float[FeatureSchema.Count + 1];
        TransactionFeatures.Write(Request.Timestamp.ToUnixTimeSeconds(), Request.AmountCents, Customer, Terminal, inputs);
        trained.Model.Ensemble.ShapContributions(inputs, shap);
        var expected = Enumerable.Range(0, FeatureSchema.Count).OrderByDescending(i => shap[i]).ThenBy(i => i).Take(3).ToArray();
        Assert.Equal(expected.Select(i => FeatureSchema.Names[i]), flagged.Reasons.Select(r => r.Feature));
        Assert.Equal(expected.Select(i => (double)shap[i]), flagged.Reasons.Select(r => r.Contribution));
        Assert.True(flagged.Reasons[0].Contribution >= flagged.Reasons[1].Contribution && flagged.Reasons[1].Contribution >= flagged.Reasons[2].Contribution);
        Assert.All(flagged.Reasons, r => Assert.Equal(flagged.Features.Single(f => f.Name == r.Feature).Value, r.Value));
    }

    [Fact]
    public void Contradictory_thresholds_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => Scorer(0.9, 0.5));
        Assert.Throws<InvalidOperationException>(() => Scorer(0, 0.5));
    }
}
