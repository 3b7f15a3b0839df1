using System.Text.Json;
using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.Trees;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.Trees;

/// <summary>
/// The managed evaluator against XGBoost itself, the independent reference. Tolerances: 1e-6 absolute for predictions
/// (the brief's bar); 1e-5 for contributions, relative to max(1, |value|) because contributions reach tens in margin
/// units. Both evaluators compute in float with the same operation order, so on this machine they agree to the last
/// bit; the tolerances leave room for another libm or compiler without hiding an algorithmic error, which shows up
/// at 1e-3 and above.
/// </summary>
public sealed class TreeEnsembleParityTests(TrainedModel model) : IClassFixture<TrainedModel>
{
    private const double PredictionTolerance = 1e-6;
    private const double ContributionTolerance = 1e-5;

    [Fact]
    public void Margins_and_probabilities_equal_xgboost_on_handbook_like_rows_with_missing_values()
    {
        var margins = model.Booster.Predict(model.Matrix, outputMargin: true);
        var probabilities = model.Booster.Predict(model.Matrix);

        for (var row = 0; row < model.Data.Rows; row++)
        {
            Assert.Equal(margins[row], model.Ensemble.PredictMargin(model.Data.Row(row)), PredictionTolerance);
            Assert.Equal(probabilities[row], model.Ensemble.PredictProbability(model.Data.Row(row)), PredictionTolerance);
        }
    }

    [Fact]
    public void Predictions_equal_xgboost_on_uniform_random_rows()
    {
        var data = HandbookLikeData.Uniform(rows: 3_000, columns: 8, seed: 5, missingRate: 0.05);
        using var matrix = DMatrix.FromDense(data.Features, data.Rows, data.Columns);
        matrix.SetLabels(data.Labels);
        using var booster = Booster.Train(
            matrix, new BoosterParameters { Rounds = 25, Threads = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        var ensemble = TreeEnsemble.FromXGBoostJson(booster.SaveJson());

        var expected = booster.Predict(matrix);
        var actual = new float[data.Rows];
        ensemble.PredictProbabilities(data.Features, actual);

        for (var row = 0; row < data.Rows; row++)
        {
            Assert.Equal(expected[row], actual[row], PredictionTolerance);
        }
    }

    [Fact]
    public void Values_exactly_on_split_thresholds_and_missing_values_branch_as_in_xgboost()
    {
        var rows = ThresholdRows(model, count: 2_000, out var onThreshold);
        var expected = new float[2_000];
        model.Booster.PredictDense(rows, expected);
        var actual = new float[2_000];

        model.Ensemble.PredictProbabilities(rows, actual);

        Assert.True(onThreshold > 2_000, $"Only {onThreshold} cells were set to a threshold.");
        for (var row = 0; row < actual.Length; row++)
        {
            Assert.Equal(expected[row], actual[row], PredictionTolerance);
        }
    }

    [Fact]
    public void Saabas_contributions_equal_xgboost_approx_contribs()
    {
        var expected = model.Booster.PredictContributions(model.Matrix, approximate: true);
        var actual = new float[16];

        for (var row = 0; row < model.Data.Rows; row++)
        {
            model.Ensemble.SaabasContributions(model.Data.Row(row), actual);
            AssertContributions(expected.AsSpan(row * 16, 16), actual, row);
        }
    }

    [Fact]
    public void Shap_contributions_equal_xgboost_pred_contribs()
    {
        var expected = model.Booster.PredictContributions(model.Matrix);
        var actual = new float[16];

        for (var row = 0; row < model.Data.Rows; row++)
        {
            model.Ensemble.ShapContributions(model.Data.Row(row), actual);
            AssertContributions(expected.AsSpan(row * 16, 16), actual, row);
        }
    }

    [Fact]
    public void Contributions_on_threshold_rows_equal_xgboost()
    {
        var rows = ThresholdRows(model, count: 500, out _);
        using var matrix = DMatrix.FromDense(rows, 500, 15);
        var shap = model.Booster.PredictContributions(matrix);
        var saabas = model.Booster.PredictContributions(matrix, approximate: true);
        var actual = new float[16];

        for (var row = 0; row < 500; row++)
        {
            model.Ensemble.ShapContributions(rows.AsSpan(row * 15, 15), actual);
            AssertContributions(shap.AsSpan(row * 16, 16), actual, row);
            model.Ensemble.SaabasContributions(rows.AsSpan(row * 15, 15), actual);
            AssertContributions(saabas.AsSpan(row * 16, 16), actual, row);
        }
    }

    /// <summary>
    /// Rows from the data with several cells replaced by a split threshold of their feature, read straight from the
    /// model JSON (not through the evaluator's reader), and a few cells made missing.
    /// </summary>
    internal static float[] ThresholdRows(TrainedModel model, int count, out int onThreshold)
    {
        var thresholds = new Dictionary<int, List<float>>();
        using (var document = JsonDocument.Parse(model.Json))
        {
            var trees = document.RootElement.GetProperty("learner").GetProperty("gradient_booster")
                .GetProperty("model").GetProperty("trees");
            foreach (var tree in trees.EnumerateArray())
            {
                var left = tree.GetProperty("left_children").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var feature = tree.GetProperty("split_indices").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var condition = tree.GetProperty("split_conditions").EnumerateArray().Select(e => e.GetSingle()).ToArray();
                for (var node = 0; node < left.Length; node++)
                {
                    if (left[node] != -1)
                    {
                        (thresholds.TryGetValue(feature[node], out var list) ? list : thresholds[feature[node]] = []).Add(condition[node]);
                    }
                }
            }
        }

        var random = new Random(17);
        var features = thresholds.Keys.ToArray();
        var rows = new float[count * 15];
        onThreshold = 0;
        for (var r = 0; r < count; r++)
        {
            model.Data.Row(r % model.Data.Rows).CopyTo(rows.AsSpan(r * 15, 15));
            for (var k = 0; k < 3; k++)
            {
                var f = features[random.Next(features.Length)];
                var candidates = thresholds[f];
                rows[(r * 15) + f] = candidates[random.Next(candidates.Count)];
                onThreshold++;
            }

            if (random.NextDouble() < 0.2)
            {
                rows[(r * 15) + random.Next(15)] = float.NaN;
            }
        }

        return rows;
    }

    private static void AssertContributions(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int row)
    {
        for (var c = 0; c < expected.Length; c++)
        {
            var tolerance = ContributionTolerance * Math.Max(1, Math.Abs(expected[c]));
            if (!(Math.Abs(expected[c] - actual[c]) <= tolerance))
            {
                Assert.Fail($"Row {row}, column {c}: XGBoost {expected[c]:R}, evaluator {actual[c]:R}.");
            }
        }
    }
}
