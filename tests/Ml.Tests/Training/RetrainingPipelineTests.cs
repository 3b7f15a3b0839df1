using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Ml.Trees;
using FraudActors.Ml.XGBoost;
using FraudActors.Testing;

namespace FraudActors.Ml.Tests.Training;

public sealed class RetrainingPipelineTests(TrainedModel trained) : IClassFixture<TrainedModel>
{
    private static readonly RetrainingSettings Settings = new()
    {
        Parameters = new BoosterParameters { TreeMethod = "hist", Rounds = 30, MaxDepth = 4, Threads = 1 },
        MinTrainingFrauds = 5,
        MinHoldoutFrauds = 3,
    };

    private LabelledRows Rows(int? lastDays = null)
    {
        var rows = new LabelledRows();
        var transactions = trained.Dataset.Transactions;
        var cutoff = lastDays is { } days ? transactions[^1].UnixSeconds - (days * 86_400L) : long.MinValue;
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

            rows.Add(transactions[i].UnixSeconds, transactions[i].CustomerId, transactions[i].IsFraud, features);
        }

        return rows;
    }

    private static byte[] Train(LabelledRows rows, BoosterParameters parameters) =>
        ModelTrainer.Train(rows.ToTrainingSet(Enumerable.Range(0, rows.Count).ToArray()), parameters);

    [Fact]
    public void The_holdout_is_the_last_matured_week_and_training_the_weeks_before()
    {
        var rows = Rows();
        var champion = trained.ModelJson;

        var outcome = RetrainingPipeline.Run(rows, TreeEnsemble.FromXGBoostJson(champion), champion, Settings, TestContext.Current.CancellationToken);

        var lastDay = rows.Day(rows.Count - 1);
        Assert.Equal(lastDay.AddDays(-7), outcome.Champion!.To);
        Assert.Equal(lastDay.AddDays(-13), outcome.Champion.From);
        Assert.Equal(lastDay.AddDays(-14), outcome.Training!.To);
        Assert.Equal(lastDay.AddDays(-27), outcome.Training.From);
        Assert.Equal(outcome.Champion with { AucRoc = 0, AveragePrecision = 0, CardPrecisionAt100 = 0 },
            outcome.Challenger! with { AucRoc = 0, AveragePrecision = 0, CardPrecisionAt100 = 0 });   // the same holdout rows
        Assert.Equal(rows.RowsBetween(outcome.Training.From, outcome.Training.To).Length, outcome.Training.Rows);
    }

    [Fact]
    public void A_challenger_clearly_better_than_a_weak_champion_passes_the_gate()
    {
        var rows = Rows();
        var weak = Train(rows, new BoosterParameters { TreeMethod = "hist", Rounds = 1, MaxDepth = 1, Threads = 1 });

        var outcome = RetrainingPipeline.Run(rows, TreeEnsemble.FromXGBoostJson(weak), weak, Settings, TestContext.Current.CancellationToken);

        Assert.True(outcome.IsBetter, outcome.Verdict);
        Assert.True(outcome.Challenger!.AveragePrecision > outcome.Champion!.AveragePrecision + Settings.PromotionMargin);
        Assert.Contains("better by at least", outcome.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_challenger_no_better_than_the_champion_is_refused_promotion_with_the_reason()
    {
        var rows = Rows();

        // The champion is what the challenger itself would be: trained the same way on the same window.
        var unchanged = RetrainingPipeline.Run(rows, trained.Model.Ensemble, trained.ModelJson, Settings, TestContext.Current.CancellationToken);
        var same = TreeEnsemble.FromXGBoostJson(unchanged.ChallengerModel!);
        var outcome = RetrainingPipeline.Run(rows, same, unchanged.ChallengerModel!, Settings, TestContext.Current.CancellationToken);

        Assert.False(outcome.IsBetter);
        Assert.Equal(outcome.Champion!.AveragePrecision, outcome.Challenger!.AveragePrecision);
        Assert.Contains("not better by", outcome.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_margin_lets_an_equal_challenger_through_on_both_metrics()
    {
        var rows = Rows();
        var unchanged = RetrainingPipeline.Run(rows, trained.Model.Ensemble, trained.ModelJson, Settings, TestContext.Current.CancellationToken);
        var same = TreeEnsemble.FromXGBoostJson(unchanged.ChallengerModel!);

        var outcome = RetrainingPipeline.Run(rows, same, unchanged.ChallengerModel!, Settings with { PromotionMargin = -1 }, TestContext.Current.CancellationToken);

        // Equal AP and equal CP@100: a margin of -1 must not turn the CP tolerance into a demanded gain of 1.
        Assert.Equal(outcome.Champion!.CardPrecisionAt100, outcome.Challenger!.CardPrecisionAt100);
        Assert.True(outcome.IsBetter, outcome.Verdict);
    }

    [Fact]
    public void Fine_tuning_continues_from_the_champions_trees()
    {
        var rows = Rows();

        var outcome = RetrainingPipeline.Run(rows, trained.Model.Ensemble, trained.ModelJson, Settings with { FineTune = true, FineTuneRounds = 7 }, TestContext.Current.CancellationToken);

        Assert.Equal(trained.Model.Ensemble.TreeCount + 7, TreeEnsemble.FromXGBoostJson(outcome.ChallengerModel!).TreeCount);
    }

    [Fact]
    public void Too_little_labelled_data_is_refused_without_training()
    {
        var outcome = RetrainingPipeline.Run(Rows(lastDays: 10), trained.Model.Ensemble, trained.ModelJson, Settings, TestContext.Current.CancellationToken);
        var empty = RetrainingPipeline.Run(new LabelledRows(), trained.Model.Ensemble, trained.ModelJson, Settings, TestContext.Current.CancellationToken);

        Assert.True(outcome.WasRefused);
        Assert.Contains("Too few labelled frauds", outcome.Verdict, StringComparison.Ordinal);
        Assert.True(empty.WasRefused);
    }
}
