using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FraudActors.Ml.Evaluation;
using FraudActors.Ml.Models;
using FraudActors.Ml.Simulation;
using FraudActors.Ml.Training;
using FraudActors.Ml.Trees;

namespace FraudActors.Cli.Commands;

/// <summary>
/// <c>fraudctl drift</c>: the concept-drift experiment in one command. Simulates with drift, trains a champion on the
/// pre-drift handbook split, retrains through <see cref="RetrainingPipeline"/> once its window lies after the drift,
/// and prints old and new model on the same post-drift week, beside the champion's pre-drift scores and (as a control)
/// its scores on that week of the same simulation without drift.
/// </summary>
internal static class DriftCommand
{
    /// <summary>Day 136 is 2018-08-15, the day after the book's test week: the champion's split is then the book's.</summary>
    private const int DefaultDriftStartDay = 136;

    public static Command Create()
    {
        var defaults = new SimulationOptions();
        var customers = new Option<int>("--customers") { Description = "Number of customers.", DefaultValueFactory = _ => defaults.Customers };
        var terminals = new Option<int>("--terminals") { Description = "Number of terminals.", DefaultValueFactory = _ => defaults.Terminals };
        var days = new Option<int>("--days") { Description = "Days to simulate; must reach the end of the post-drift test week.", DefaultValueFactory = _ => defaults.Days };
        var seeds = new Option<int[]>("--seed") { Description = "Simulation seed; repeat (--seed 0 --seed 1 …) to run several and print their mean.", DefaultValueFactory = _ => [defaults.Seed], AllowMultipleArgumentsPerToken = true };
        var control = new Option<bool>("--control") { Description = "Also score the champion on the post-drift week of the same simulation without drift (the cost of age alone). Default true; --control false skips it.", DefaultValueFactory = _ => true };
        var drift = new DriftOptions(DefaultDriftStartDay);

        var command = new Command("drift", "Concept-drift experiment: the champion before and after a change of fraud pattern, and the model retrained through the retraining pipeline.")
        {
            customers, terminals, days, seeds, control,
        };
        drift.AddTo(command);

        command.SetAction((parse, cancellationToken) => CommandFailure.RunAsync("drift", () =>
        {
            var settings = new RetrainingSettings();
            var results = new List<Measured>();
            foreach (var seed in parse.GetValue(seeds)!)
            {
                var options = defaults with
                {
                    Customers = parse.GetValue(customers),
                    Terminals = parse.GetValue(terminals),
                    Days = parse.GetValue(days),
                    Seed = seed,
                    Drift = drift.Drift(parse),
                };
                options.Validate();
                var clock = Stopwatch.StartNew();
                var measured = Measure(options, settings, parse.GetValue(control), cancellationToken);
                Print(options, measured);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: {clock.Elapsed.TotalSeconds:0.0} s"));
                Console.WriteLine();
                results.Add(measured);
            }

            if (results.Count > 1)
            {
                PrintMeans(results);
            }

            return Task.FromResult(0);
        }));

        return command;
    }

    private static Measured Measure(SimulationOptions options, RetrainingSettings settings, bool control, CancellationToken cancellationToken)
    {
        var drifted = Simulate(options, cancellationToken);
        var plan = DriftExperimentPlan.Around(options.StartDate.AddDays(options.Drift!.StartDay), settings);
        var result = DriftExperiment.Run(drifted, plan, cancellationToken);

        EvaluationReport? withoutDrift = null;
        if (control)
        {
            // The same seed without drift: every transaction and label before the drift is identical, so the champion is too.
            var undrifted = Simulate(options with { Drift = null }, cancellationToken);
            withoutDrift = HoldoutEvaluation.Evaluate(
                "champion, no drift", TreeEnsemble.FromXGBoostJson(result.ChampionModel), undrifted, plan.PostDrift.Split(undrifted.Transactions));
        }

        return new Measured(result, withoutDrift);
    }

    private static LabelledDataset Simulate(SimulationOptions options, CancellationToken cancellationToken) =>
        LabelledDataset.From(
            TransactionSimulator.Run(options, cancellationToken).Transactions.ToArray(),
            $"simulation seed {options.Seed}{(options.Drift is null ? "" : ", drift")}",
            cancellationToken: cancellationToken);

    private static void Print(SimulationOptions options, Measured measured)
    {
        var result = measured.Result;
        var plan = result.Plan;
        var drift = options.Drift!;
        var outcome = result.Retraining;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"seed {options.Seed}: drift from day {drift.StartDay} ({plan.Champion.TestLastDay.AddDays(1):yyyy-MM-dd}), {drift.CompromisedTerminalsPerDay} terminals a day for {drift.TerminalCompromiseDays} days, card tests up to {drift.MaxFraudAmount:0.00}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"champion trained {plan.Champion.TrainingStart:yyyy-MM-dd} … {plan.Champion.TrainingLastDay:yyyy-MM-dd}; retrained on {plan.RetrainingDay:yyyy-MM-dd} on {outcome.Training!.From:yyyy-MM-dd} … {outcome.Training.To:yyyy-MM-dd} ({outcome.Training.Rows:N0} rows, {outcome.Training.Frauds:N0} frauds)"));

        var table = new MarkdownTable("model", "test days", "rows (frauds)", "AUC ROC", "AP", "CP@100");
        AddRow(table, "champion, before drift", result.ChampionBeforeDrift);
        AddRow(table, "champion, after drift", result.ChampionAfterDrift);
        if (measured.WithoutDrift is { } control)
        {
            AddRow(table, "champion, same week without drift (control)", control);
        }

        AddRow(table, "challenger (retrained), after drift", result.ChallengerAfterDrift);
        AddRow(table, "pipeline holdout: champion", outcome.Champion!);
        AddRow(table, "pipeline holdout: challenger", outcome.Challenger!);
        Console.Write(table.Render());
        Console.WriteLine($"pipeline verdict: {outcome.Verdict}");
    }

    private static void PrintMeans(List<Measured> results)
    {
        var table = new MarkdownTable($"mean ± sd over {results.Count} seeds", "AUC ROC", "AP", "CP@100");
        AddMean(table, "champion, before drift", results.Select(r => r.Result.ChampionBeforeDrift.Scores));
        AddMean(table, "champion, after drift", results.Select(r => r.Result.ChampionAfterDrift.Scores));
        if (results.All(r => r.WithoutDrift is not null))
        {
            AddMean(table, "champion, same week without drift (control)", results.Select(r => r.WithoutDrift!.Scores));
        }

        AddMean(table, "challenger (retrained), after drift", results.Select(r => r.Result.ChallengerAfterDrift.Scores));
        AddMean(table, "pipeline holdout: champion", results.Select(r => Scores(r.Result.Retraining.Champion!)));
        AddMean(table, "pipeline holdout: challenger", results.Select(r => Scores(r.Result.Retraining.Challenger!)));
        Console.Write(table.Render());
    }

    private static void AddRow(MarkdownTable table, string label, EvaluationReport report) =>
        table.AddRow(label, Days(report.Protocol.TestStart, report.Protocol.TestLastDay), $"{report.TestRows:N0} ({report.TestFrauds:N0})",
            F(report.Scores.AucRoc), F(report.Scores.AveragePrecision), F(report.Scores.CardPrecisionAt100));

    private static void AddRow(MarkdownTable table, string label, HoldoutScores scores) =>
        table.AddRow(label, Days(scores.From, scores.To) + " (unfiltered)", $"{scores.Rows:N0} ({scores.Frauds:N0})",
            F(scores.AucRoc), F(scores.AveragePrecision), F(scores.CardPrecisionAt100));

    private static void AddMean(MarkdownTable table, string label, IEnumerable<ModelScores> scores)
    {
        var all = scores.ToList();
        table.AddRow(label, MeanSd(all.Select(s => s.AucRoc)), MeanSd(all.Select(s => s.AveragePrecision)), MeanSd(all.Select(s => s.CardPrecisionAt100)));
    }

    private static ModelScores Scores(HoldoutScores scores) => new(scores.AucRoc, scores.AveragePrecision, scores.CardPrecisionAt100);

    private static string MeanSd(IEnumerable<double> values)
    {
        var all = values.ToArray();
        var mean = all.Average();
        var sd = all.Length > 1 ? Math.Sqrt(all.Sum(v => (v - mean) * (v - mean)) / (all.Length - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:0.000} ± {sd:0.000}");
    }

    private static string Days(DateOnly from, DateOnly to) => string.Create(CultureInfo.InvariantCulture, $"{from:MM-dd} … {to:MM-dd}");

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private sealed record Measured(DriftExperimentResult Result, EvaluationReport? WithoutDrift);
}
