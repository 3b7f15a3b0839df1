using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.Trees;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.Trees;

/// <summary>
/// TreeSHAP checked against the definition it computes, not against XGBoost: exact Shapley values by enumerating every
/// coalition, with v(S) the path-dependent expectation of the margin (a feature in S follows the row's branch, one
/// outside S averages both children weighted by cover). Exponential, so a small model: 5 features, depth 4.
/// </summary>
public sealed class TreeShapDefinitionTests
{
    [Fact]
    public void Shap_values_equal_brute_force_shapley_values_of_the_path_dependent_expectation()
    {
        var data = HandbookLikeData.Uniform(rows: 1_500, columns: 5, seed: 23, missingRate: 0.1);
        using var matrix = DMatrix.FromDense(data.Features, data.Rows, data.Columns);
        matrix.SetLabels(data.Labels);
        using var booster = Booster.Train(
            matrix,
            new BoosterParameters { Rounds = 6, MaxDepth = 4, Threads = 1 },
            cancellationToken: TestContext.Current.CancellationToken);
        var ensemble = TreeEnsemble.FromXGBoostJson(booster.SaveJson());
        var actual = new float[6];

        for (var row = 0; row < 200; row++)
        {
            var x = data.Row(row).ToArray();
            var expected = BruteForceShapley(ensemble, x);

            ensemble.ShapContributions(x, actual);

            for (var c = 0; c < expected.Length; c++)
            {
                if (!(Math.Abs(expected[c] - actual[c]) <= 1e-4 * Math.Max(1, Math.Abs(expected[c]))))
                {
                    Assert.Fail($"Row {row}, column {c}: Shapley {expected[c]:R}, TreeSHAP {actual[c]:R}.");
                }
            }
        }
    }

    [Fact]
    public void Contributions_sum_to_the_margin()
    {
        var data = HandbookLikeData.Generate(rows: 1_000, seed: 29, missingRate: 0.05);
        using var matrix = DMatrix.FromDense(data.Features, data.Rows, data.Columns);
        matrix.SetLabels(data.Labels);
        using var booster = Booster.Train(
            matrix, new BoosterParameters { Rounds = 20, Threads = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        var ensemble = TreeEnsemble.FromXGBoostJson(booster.SaveJson());
        var shap = new float[16];
        var saabas = new float[16];

        for (var row = 0; row < data.Rows; row++)
        {
            var margin = ensemble.PredictMargin(data.Row(row));
            ensemble.ShapContributions(data.Row(row), shap);
            ensemble.SaabasContributions(data.Row(row), saabas);

            Assert.Equal(margin, shap.Sum(v => (double)v), 1e-4);
            Assert.Equal(margin, saabas.Sum(v => (double)v), 1e-4);
        }
    }

    private static double[] BruteForceShapley(TreeEnsemble ensemble, float[] x)
    {
        var m = ensemble.FeatureCount;
        var value = new double[1 << m];
        for (var subset = 0; subset < value.Length; subset++)
        {
            value[subset] = ensemble.Roots.Sum(root => Expectation(ensemble, root, x, subset));
        }

        var phi = new double[m + 1];
        for (var i = 0; i < m; i++)
        {
            for (var subset = 0; subset < value.Length; subset++)
            {
                if ((subset & (1 << i)) != 0)
                {
                    continue;
                }

                var size = int.PopCount(subset);
                var weight = Factorial(size) * Factorial(m - size - 1) / Factorial(m);
                phi[i] += weight * (value[subset | (1 << i)] - value[subset]);
            }
        }

        phi[m] = value[0] + ensemble.BaseMargin;
        return phi;
    }

    private static double Expectation(TreeEnsemble ensemble, int node, float[] x, int subset)
    {
        var n = ensemble.Nodes[node];
        if (n.IsLeaf)
        {
            return n.Value;
        }

        if ((subset & (1 << n.Feature)) != 0)
        {
            var v = x[n.Feature];
            var next = float.IsNaN(v) ? (n.DefaultLeft ? n.Left : n.Right) : (v < n.Value ? n.Left : n.Right);
            return Expectation(ensemble, next, x, subset);
        }

        var cover = (double)ensemble.Cover[node];
        return ((ensemble.Cover[n.Left] * Expectation(ensemble, n.Left, x, subset))
                + (ensemble.Cover[n.Right] * Expectation(ensemble, n.Right, x, subset))) / cover;
    }

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
