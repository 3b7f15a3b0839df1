using FraudActors.Ml.Drift;
using FraudActors.Ml.Evaluation;
using FraudActors.Ml.Features;
using FraudActors.Ml.Simulation;
using FraudActors.Ml.Training;
using FraudActors.Ml.Trees;

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

    [Fact]
    public void The_population_stability_index_does_not_see_this_concept_drift_in_the_inputs_or_the_champions_score()
    {
        // What the drift watch would see with 7-day windows: two pre-drift weeks (control), the first week of the drift
        // against the week before, and the second week of the drift against the first. The drift changes which
        // transactions are fraud (P(fraud | features)), on about 0.5 % of the transactions, not the distribution of the
        // features: the population is as stable as before. Only labels reveal this kind of drift (retraining every k
        // labels; the champion's AP on recent labelled decisions, GET /admin/models/comparison).
        var start = run.Result.Plan.FirstProductionDay;
        var champion = TreeEnsemble.FromXGBoostJson(run.Result.ChampionModel);
        var periods = new (string Name, Dictionary<string, double> Psi)[]
        {
            ("control", Psi(start.AddDays(-14), start.AddDays(-7), champion)),
            ("first drift week", Psi(start.AddDays(-7), start, champion)),
            ("second drift week", Psi(start, start.AddDays(7), champion)),
        };
        foreach (var (name, psi) in periods)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {Describe(psi)}");
        }

        Assert.All(periods, p => Assert.All(p.Psi, m => Assert.True(m.Value < PopulationStability.ModerateFrom, $"{p.Name}: {m.Key} {m.Value:0.000}")));
    }

    /// <summary>PSI of each feature and of the champion's score, the 7 days from <paramref name="recent"/> against the 7 from <paramref name="reference"/>.</summary>
    private Dictionary<string, double> Psi(DateOnly reference, DateOnly recent, TreeEnsemble champion)
    {
        var transactions = run.Dataset.Transactions;
        int[] Rows(DateOnly from) => [.. Enumerable.Range(0, transactions.Count).Where(i => transactions[i].DayUtc >= from && transactions[i].DayUtc < from.AddDays(7))];
        var (before, after) = (Rows(reference), Rows(recent));
        double[] Column(int[] rows, Func<int, double> value) => [.. rows.Select(value)];
        var psi = new Dictionary<string, double>();
        for (var j = 0; j < FeatureSchema.Count; j++)
        {
            var feature = j;
            psi[FeatureSchema.Names[j]] = PopulationStability.Compare(Column(before, i => run.Dataset.Features.Row(i)[feature]), Column(after, i => run.Dataset.Features.Row(i)[feature]));
        }

        float[] Features(int row) => [.. run.Dataset.Features.Row(row).ToArray().Select(v => (float)v)];
        psi["score"] = PopulationStability.Compare(Column(before, i => champion.PredictProbability(Features(i))), Column(after, i => champion.PredictProbability(Features(i))));
        return psi;
    }

    private static string Describe(Dictionary<string, double> psi) => string.Join(", ", psi.Select(p => $"{p.Key} {p.Value:0.000}"));

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
