using FraudActors.Ml.Evaluation;
using FraudActors.Ml.Simulation;
using FraudActors.Ml.Training;

namespace FraudActors.Ml.Tests.Evaluation;

/// <summary>
/// The concept-drift experiment on a small drifted simulation (1,000 cards, 2,000 terminals, 86 days, fixed seed):
/// the book's fraud rates, a wave of 4 terminals a day: the champion loses the new pattern, the challenger retrained through the pipeline learns it.
/// </summary>
public sealed class DriftExperimentTests(DriftExperimentTests.SmallDriftedRun run) : IClassFixture<DriftExperimentTests.SmallDriftedRun>
{
    [Fact]
    public void Around_the_day_after_the_books_test_week_the_champion_split_is_the_books()
    {
        var plan = DriftExperimentPlan.Around(new DateOnly(2018, 8, 15), new RetrainingSettings());

        Assert.Equal(HandbookProtocol.Book, plan.Champion);
        Assert.Equal(new DateOnly(2018, 9, 11), plan.RetrainingDay);
        Assert.Equal(new DateOnly(2018, 9, 12), plan.PostDrift.TestStart);
        Assert.Equal(new DateOnly(2018, 8, 15), plan.FirstProductionDay);
    }

    [Fact]
    public void The_champions_average_precision_drops_after_the_drift()
    {
        var before = run.Result.ChampionBeforeDrift.Scores;
        var after = run.Result.ChampionAfterDrift.Scores;

        Assert.True(after.AveragePrecision < before.AveragePrecision - 0.15, $"AP {before.AveragePrecision:0.000} before, {after.AveragePrecision:0.000} after");
        Assert.True(after.AucRoc < before.AucRoc - 0.05, $"AUC {before.AucRoc:0.000} before, {after.AucRoc:0.000} after");
    }

    [Fact]
    public void The_retrained_challenger_beats_the_champion_on_the_same_post_drift_week()
    {
        var champion = run.Result.ChampionAfterDrift;
        var challenger = run.Result.ChallengerAfterDrift;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"before {run.Result.ChampionBeforeDrift.Scores}; after: champion {champion.Scores}, challenger {challenger.Scores}");

        Assert.Equal(champion.Protocol, challenger.Protocol);
        Assert.Equal((champion.TestRows, champion.TestFrauds), (challenger.TestRows, challenger.TestFrauds));
        Assert.True(
            challenger.Scores.AveragePrecision > champion.Scores.AveragePrecision + 0.15,
            $"AP challenger {challenger.Scores.AveragePrecision:0.000}, champion {champion.Scores.AveragePrecision:0.000}");
        Assert.True(
            challenger.Scores.CardPrecisionAt100 > champion.Scores.CardPrecisionAt100,
            $"CP@100 challenger {challenger.Scores.CardPrecisionAt100:0.000}, champion {champion.Scores.CardPrecisionAt100:0.000}");
        Assert.True(run.Result.Retraining.IsBetter, run.Result.Retraining.Verdict);
    }

    [Fact]
    public void The_challenger_learns_only_from_post_drift_days_with_matured_labels()
    {
        var plan = run.Result.Plan;
        var rows = DriftExperiment.ProductionRows(run.Dataset, plan);

        Assert.Equal(plan.Champion.TestLastDay.AddDays(1), run.Result.Retraining.Training!.From);
        Assert.Equal(plan.RetrainingDay, rows.Day(rows.Count - 1));
        Assert.True(rows.Day(0) >= plan.FirstProductionDay);
        var unmatured = Enumerable.Range(0, rows.Count).Where(row => rows.Day(row) > plan.LastLabelledDay).ToList();
        Assert.NotEmpty(unmatured);
        Assert.DoesNotContain(unmatured, rows.IsFraud);
        Assert.Contains(Enumerable.Range(0, rows.Count), row => rows.Day(row) <= plan.LastLabelledDay && rows.IsFraud(row));
    }

    /// <summary>Simulates and runs the experiment once for the class.</summary>
    public sealed class SmallDriftedRun
    {
        private const int DriftStartDay = 51;

        public SmallDriftedRun()
        {
            var options = new SimulationOptions
            {
                Customers = 1_000,
                Terminals = 2_000,
                Days = 86,
                Seed = 5,
                Drift = new ConceptDrift { StartDay = DriftStartDay, CompromisedTerminalsPerDay = 4 },
            };
            Dataset = LabelledDataset.From(TransactionSimulator.Run(options).Transactions.ToArray(), "drift test");
            var plan = DriftExperimentPlan.Around(options.StartDate.AddDays(DriftStartDay), new RetrainingSettings());
            Result = DriftExperiment.Run(Dataset, plan);
        }

        public LabelledDataset Dataset { get; }

        public DriftExperimentResult Result { get; }
    }
}
