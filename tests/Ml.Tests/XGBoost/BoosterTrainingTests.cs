using System.Globalization;
using System.Text.Json;
using FraudActors.Ml.Tests.TestData;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Tests.XGBoost;

public sealed class BoosterTrainingTests
{
    private static readonly BoosterParameters Small = new() { Rounds = 20, MaxDepth = 3, Threads = 1 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Training_learns_a_separable_rule_and_generalises_to_unseen_rows()
    {
        // Label: x0 + x1 > 1 on uniform features; x2 is noise.
        var (train, trainLabels) = Rule(rows: 3_000, seed: 1);
        var (test, testLabels) = Rule(rows: 1_000, seed: 2);
        using var trainMatrix = DMatrix.FromDense(train, 3_000, 3);
        trainMatrix.SetLabels(trainLabels);
        using var testMatrix = DMatrix.FromDense(test, 1_000, 3);

        using var booster = Booster.Train(trainMatrix, Small, cancellationToken: Ct);
        var probabilities = booster.Predict(testMatrix);

        var correct = 0;
        for (var i = 0; i < testLabels.Length; i++)
        {
            correct += (probabilities[i] > 0.5f) == (testLabels[i] == 1) ? 1 : 0;
        }

        Assert.True(correct >= 960, $"Only {correct} of 1000 unseen rows classified correctly.");
        Assert.Equal(20, booster.BoostedRounds);
        Assert.Equal(3, booster.FeatureCount);
    }

    [Fact]
    public void Evaluation_reports_the_configured_metric()
    {
        var (x, y) = Rule(rows: 2_000, seed: 3);
        using var matrix = DMatrix.FromDense(x, 2_000, 3);
        matrix.SetLabels(y);

        using var booster = Booster.Train(matrix, Small with { EvalMetric = "auc" }, cancellationToken: Ct);
        var line = booster.Evaluate(matrix, "train");

        Assert.StartsWith("[0]\ttrain-auc:", line, StringComparison.Ordinal);
        var auc = double.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
        Assert.InRange(auc, 0.98, 1.0);
    }

    [Fact]
    public void Progress_is_reported_after_every_round()
    {
        var (x, y) = Rule(rows: 500, seed: 4);
        using var matrix = DMatrix.FromDense(x, 500, 3);
        matrix.SetLabels(y);
        var reported = new List<int>();

        using var booster = Booster.Train(matrix, Small with { Rounds = 5 }, new SynchronousProgress(reported.Add), Ct);

        Assert.Equal([1, 2, 3, 4, 5], reported);
    }

    [Fact]
    public void Cancellation_stops_training_between_rounds()
    {
        var (x, y) = Rule(rows: 500, seed: 5);
        using var matrix = DMatrix.FromDense(x, 500, 3);
        matrix.SetLabels(y);
        using var cancellation = new CancellationTokenSource();
        var rounds = 0;
        var progress = new SynchronousProgress(done =>
        {
            rounds = done;
            if (done == 3)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Booster.Train(matrix, Small, progress, cancellation.Token));
        Assert.Equal(3, rounds);
    }

    [Fact]
    public void An_invalid_parameter_value_surfaces_xgboosts_own_message()
    {
        var (x, y) = Rule(rows: 200, seed: 6);
        using var matrix = DMatrix.FromDense(x, 200, 3);
        matrix.SetLabels(y);
        var parameters = Small with { Extra = new Dictionary<string, string> { ["subsample"] = "2" } };

        var exception = Assert.Throws<XGBoostException>(() => Booster.Train(matrix, parameters, cancellationToken: Ct));

        Assert.Equal("XGBoosterUpdateOneIter", exception.Function);
        Assert.Contains("subsample", exception.NativeMessage, StringComparison.Ordinal);
        Assert.Contains("exceed bound", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_outside_zero_one_surfaces_xgboosts_logistic_check()
    {
        var (x, y) = Rule(rows: 200, seed: 7);
        y[17] = 2;
        using var matrix = DMatrix.FromDense(x, 200, 3);
        matrix.SetLabels(y);

        var exception = Assert.Throws<XGBoostException>(() => Booster.Train(matrix, Small, cancellationToken: Ct));

        Assert.Contains("label must be in [0,1]", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Stack trace", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Continuing_from_a_saved_model_adds_rounds_after_the_existing_trees_and_leaves_the_source_unchanged()
    {
        var first = HandbookLikeData.Generate(1_500, seed: 8);
        var later = HandbookLikeData.Generate(1_500, seed: 9);
        using var firstMatrix = DMatrix.FromDense(first.Features, first.Rows, first.Columns);
        firstMatrix.SetLabels(first.Labels);
        using var laterMatrix = DMatrix.FromDense(later.Features, later.Rows, later.Columns);
        laterMatrix.SetLabels(later.Labels);
        using var trained = Booster.Train(firstMatrix, Small with { Rounds = 5 }, cancellationToken: Ct);
        var saved = trained.SaveJson();

        using var loaded = Booster.Load(saved);
        using var tuned = loaded.ContinueTraining(laterMatrix, Small with { Rounds = 3 }, cancellationToken: Ct);

        Assert.Equal(5, loaded.BoostedRounds);
        Assert.Equal(8, tuned.BoostedRounds);
        Assert.Equal(saved, loaded.SaveJson());
        var before = Trees(saved);
        var after = Trees(tuned.SaveJson());
        Assert.Equal(8, after.Count);
        Assert.Equal(before, after.Take(5));
    }

    [Fact]
    public void Continuing_with_another_objective_is_refused()
    {
        var (x, y) = Rule(rows: 300, seed: 10);
        using var matrix = DMatrix.FromDense(x, 300, 3);
        matrix.SetLabels(y);
        using var booster = Booster.Train(matrix, Small with { Rounds = 2 }, cancellationToken: Ct);

        var exception = Assert.Throws<ArgumentException>(
            () => booster.ContinueTraining(matrix, Small with { Objective = "reg:squarederror" }, cancellationToken: Ct));

        Assert.Contains("binary:logistic", exception.Message, StringComparison.Ordinal);
        Assert.Contains("reg:squarederror", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_objective_is_read_back_from_the_model()
    {
        var (x, y) = Rule(rows: 300, seed: 12);
        using var matrix = DMatrix.FromDense(x, 300, 3);
        matrix.SetLabels(y);

        using var booster = Booster.Train(matrix, Small with { Rounds = 2, Objective = "reg:logistic" }, cancellationToken: Ct);

        Assert.Equal("reg:logistic", booster.Objective);
    }

    internal static (float[] Features, float[] Labels) Rule(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows * 3];
        var y = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            x[r * 3] = random.NextSingle();
            x[(r * 3) + 1] = random.NextSingle();
            x[(r * 3) + 2] = random.NextSingle();
            y[r] = x[r * 3] + x[(r * 3) + 1] > 1 ? 1 : 0;
        }

        return (x, y);
    }

    /// <summary>Each tree's JSON text with its "id" removed, in model order.</summary>
    private static List<string> Trees(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("learner").GetProperty("gradient_booster").GetProperty("model")
            .GetProperty("trees").EnumerateArray()
            .Select(tree => string.Join(",", tree.EnumerateObject().Where(p => p.Name != "id").Select(p => p.ToString())))
            .ToList();
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
