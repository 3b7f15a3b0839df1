using FraudActors.Ml.Evaluation;
using FraudActors.Ml.Models;
using FraudActors.Ml.Trees;

namespace FraudActors.Ml.Training;

/// <summary>
/// Trains a challenger on recent labelled production rows and judges it against the champion on the same
/// held-out days (the most recent matured week), with the handbook's metrics. Pure: data in, verdict out.
/// </summary>
public static class RetrainingPipeline
{
    /// <summary>Runs the pipeline.</summary>
    /// <param name="rows">Labelled rows in time order; only matured days are used.</param>
    /// <param name="champion">The champion's trees, judged on the same holdout.</param>
    /// <param name="championModel">The champion in XGBoost's JSON format (the starting point when fine-tuning).</param>
    /// <param name="settings">Windows, margin, parameters.</param>
    /// <param name="cancellationToken">Stops training between rounds.</param>
    public static RetrainingOutcome Run(LabelledRows rows, TreeEnsemble champion, ReadOnlySpan<byte> championModel, RetrainingSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(settings);
        if (rows.Count == 0)
        {
            return RetrainingOutcome.Refused("There are no decisions to learn from.");
        }

        var lastMatured = rows.Day(rows.Count - 1).AddDays(-settings.LabelMaturityDays);
        var holdoutFrom = lastMatured.AddDays(1 - settings.HoldoutDays);
        var trainingTo = holdoutFrom.AddDays(-1);
        var trainingFrom = trainingTo.AddDays(1 - settings.TrainingDays);
        var training = rows.RowsBetween(trainingFrom, trainingTo);
        var holdout = rows.RowsBetween(holdoutFrom, lastMatured);

        var trainingFrauds = training.Count(rows.IsFraud);
        var holdoutFrauds = holdout.Count(rows.IsFraud);
        if (trainingFrauds < settings.MinTrainingFrauds || holdoutFrauds < settings.MinHoldoutFrauds || holdoutFrauds == holdout.Length)
        {
            return RetrainingOutcome.Refused(
                $"Too few labelled frauds: {trainingFrauds} in training {trainingFrom:yyyy-MM-dd}..{trainingTo:yyyy-MM-dd} (need {settings.MinTrainingFrauds}), " +
                $"{holdoutFrauds} of {holdout.Length} in the holdout {holdoutFrom:yyyy-MM-dd}..{lastMatured:yyyy-MM-dd} (need {settings.MinHoldoutFrauds}).");
        }

        var set = rows.ToTrainingSet(training);
        var challengerModel = settings.FineTune
            ? ModelTrainer.ContinueFrom(championModel, set, settings.Parameters with { Rounds = settings.FineTuneRounds }, progress: null, cancellationToken)
            : ModelTrainer.Train(set, settings.Parameters, progress: null, cancellationToken);
        var challenger = TreeEnsemble.FromXGBoostJson(challengerModel);

        var championScores = Judge(champion, rows, holdout, holdoutFrom, lastMatured);
        var challengerScores = Judge(challenger, rows, holdout, holdoutFrom, lastMatured);
        // The margin is a required AP gain and, by its size, the CP@100 loss tolerated. By its size, not its sign: a
        // negative margin (a challenger may be worse, to force a refresh) must widen the CP tolerance too, not demand
        // a CP gain no model can show.
        var better = challengerScores.AveragePrecision - championScores.AveragePrecision >= settings.PromotionMargin
            && challengerScores.CardPrecisionAt100 >= championScores.CardPrecisionAt100 - Math.Abs(settings.PromotionMargin);
        var verdict =
            $"challenger AP {challengerScores.AveragePrecision:0.0000} vs champion {championScores.AveragePrecision:0.0000}, " +
            $"CP@100 {challengerScores.CardPrecisionAt100:0.0000} vs {championScores.CardPrecisionAt100:0.0000} " +
            (better ? $"(better by at least {settings.PromotionMargin})" : $"(not better by {settings.PromotionMargin})");

        return new RetrainingOutcome(
            challengerModel,
            new TrainingDataSummary(trainingFrom, trainingTo, set.Rows, set.Frauds, set.DataSha256, "decision log"),
            championScores,
            challengerScores,
            better,
            verdict);
    }

    /// <summary>Scores a model on the holdout rows with AUC, AP and CP@100.</summary>
    public static HoldoutScores Judge(TreeEnsemble model, LabelledRows rows, int[] holdout, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(holdout);
        var scores = new double[holdout.Length];
        var labels = new bool[holdout.Length];
        var days = new DateOnly[holdout.Length];
        var cards = new int[holdout.Length];
        for (var i = 0; i < holdout.Length; i++)
        {
            var row = holdout[i];
            scores[i] = model.PredictProbability(rows.Features(row));
            labels[i] = rows.IsFraud(row);
            days[i] = rows.Day(row);
            cards[i] = rows.Customer(row);
        }

        return new HoldoutScores(
            from,
            to,
            holdout.Length,
            labels.Count(l => l),
            RankingMetrics.AucRoc(scores, labels),
            RankingMetrics.AveragePrecision(scores, labels),
            CardPrecision.AtK(days, cards, scores, labels, EvaluationReport.TopK).Mean);
    }
}

/// <summary>What retraining produced and how it compared.</summary>
/// <param name="ChallengerModel">The challenger in XGBoost's JSON format; null when training was refused.</param>
/// <param name="Training">Its training data.</param>
/// <param name="Champion">The champion's scores on the holdout.</param>
/// <param name="Challenger">The challenger's scores on the same holdout.</param>
/// <param name="IsBetter">True when the challenger passes the promotion gate.</param>
/// <param name="Verdict">Why, in words.</param>
public sealed record RetrainingOutcome(
    byte[]? ChallengerModel,
    TrainingDataSummary? Training,
    HoldoutScores? Champion,
    HoldoutScores? Challenger,
    bool IsBetter,
    string Verdict)
{
    /// <summary>Training was not attempted.</summary>
    public bool WasRefused => ChallengerModel is null;

    /// <summary>An outcome with no challenger.</summary>
    public static RetrainingOutcome Refused(string reason) => new(null, null, null, null, false, reason);
}
