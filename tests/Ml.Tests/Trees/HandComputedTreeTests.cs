using FraudActors.Ml.Trees;

namespace FraudActors.Ml.Tests.Trees;

/// <summary>
/// The two-feature tree of <see cref="HandTree.TwoFeatures"/>, with every expected value worked out on paper.
/// Node means: node 2 = (1·2 + 3·4) / 6 = 7/3; root = (−1·4 + 7/3·6) / 10 = 1. Base score 0.5, so base margin 0.
/// </summary>
public sealed class HandComputedTreeTests
{
    private readonly TreeEnsemble _ensemble = TreeEnsemble.FromXGBoostJson(HandBuiltModel.TwoFeatureModel());

    [Theory]
    [InlineData(0.3f, 5f, -1f)]
    [InlineData(0.7f, 1f, 1f)]
    [InlineData(0.7f, 5f, 3f)]
    [InlineData(0.5f, 2f, 3f)] // exactly on both thresholds: not less than, so right both times
    [InlineData(float.NaN, 1f, -1f)] // f0 missing: default left
    [InlineData(0.9f, float.NaN, 3f)] // f1 missing: default right
    [InlineData(float.NegativeInfinity, 0f, -1f)]
    [InlineData(float.PositiveInfinity, float.NegativeInfinity, 1f)]
    public void The_margin_is_the_leaf_reached_by_xgboosts_branch_rule(float x0, float x1, float leaf)
    {
        Assert.Equal(leaf, _ensemble.PredictMargin([x0, x1]));
        Assert.Equal(1 / (1 + Math.Exp(-leaf)), _ensemble.PredictProbability([x0, x1]), 1e-7);
    }

    [Fact]
    public void Saabas_credits_each_split_with_the_change_in_node_mean()
    {
        var contributions = new float[3];

        // Path root (mean 1) → node 2 (mean 7/3) → leaf 3.
        _ensemble.SaabasContributions([0.7f, 5f], contributions);

        Assert.Equal(7.0 / 3 - 1, contributions[0], 1e-6);
        Assert.Equal(3 - (7.0 / 3), contributions[1], 1e-6);
        Assert.Equal(1.0, contributions[2], 1e-6);
    }

    [Fact]
    public void Shap_values_are_the_shapley_values_of_the_cover_weighted_expectations()
    {
        var contributions = new float[3];

        // v(∅) = 1; v({0}) = 7/3 (right subtree mean); v({1}) = (−1·4 + 3·6) / 10 = 1.4; v({0,1}) = 3.
        // φ0 = ½[(7/3 − 1) + (3 − 1.4)] = 22/15; φ1 = ½[(1.4 − 1) + (3 − 7/3)] = 8/15.
        _ensemble.ShapContributions([0.7f, 5f], contributions);

        Assert.Equal(22.0 / 15, contributions[0], 1e-6);
        Assert.Equal(8.0 / 15, contributions[1], 1e-6);
        Assert.Equal(1.0, contributions[2], 1e-6);
    }

    [Fact]
    public void Shap_follows_the_default_branch_for_a_missing_feature()
    {
        var contributions = new float[3];

        // f0 missing goes left to leaf −1 whatever f1 is: v({0}) = v({0,1}) = −1. v(∅) = 1, v({1}) = 1.4 (x1 = 5 → leaf 3).
        // φ0 = ½[(−1 − 1) + (−1 − 1.4)] = −2.2; φ1 = ½[(1.4 − 1) + (−1 − (−1))] = 0.2.
        _ensemble.ShapContributions([float.NaN, 5f], contributions);

        Assert.Equal(-2.2, contributions[0], 1e-6);
        Assert.Equal(0.2, contributions[1], 1e-6);
        Assert.Equal(1.0, contributions[2], 1e-6);
    }

    [Fact]
    public void A_base_score_shifts_the_margin_and_the_bias_by_its_logit()
    {
        var ensemble = TreeEnsemble.FromXGBoostJson(HandBuiltModel.Json([HandTree.TwoFeatures.ToJson()], baseScore: "2E-1"));
        var contributions = new float[3];
        var logit = Math.Log(0.2 / 0.8);

        ensemble.SaabasContributions([0.7f, 5f], contributions);

        Assert.Equal(logit, ensemble.BaseMargin, 1e-6);
        Assert.Equal(3 + logit, ensemble.PredictMargin([0.7f, 5f]), 1e-6);
        Assert.Equal(1 + logit, contributions[2], 1e-6);
    }

    [Fact]
    public void The_model_shape_is_read_from_the_json()
    {
        Assert.Equal(2, _ensemble.FeatureCount);
        Assert.Equal(3, _ensemble.ContributionCount);
        Assert.Equal(1, _ensemble.TreeCount);
        Assert.Equal(2, _ensemble.MaxDepth);
        Assert.Equal("binary:logistic", _ensemble.Objective);
        Assert.Empty(_ensemble.FeatureNames);
    }
}
