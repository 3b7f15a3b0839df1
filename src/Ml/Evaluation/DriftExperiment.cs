using FraudActors.Ml.Features;
using FraudActors.Ml.Training;
using FraudActors.Ml.Trees;

namespace FraudActors.Ml.Evaluation;

/// <summary>
/// Measures what concept drift costs a deployed model and what retraining wins back: a champion trained on pre-drift
/// data with the handbook protocol, scored before the drift and on a week after it; then a challenger from
/// <see cref="RetrainingPipeline"/> (the production path: labelled rows of the production window, champion and
/// challenger judged on the same holdout), scored on that same post-drift week.
/// </summary>
public static class DriftExperiment
{
    /// <summary>Runs the experiment on a data set that covers the plan's days.</summary>
    /// <param name="dataset">Transactions with their features, simulated with drift.</param>
    /// <param name="plan">The calendar and the retraining settings.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <exception cref="ArgumentException">The data set does not run to the end of the plan, or a period holds no transactions.</exception>
    /// <exception cref="InvalidOperationException">The pipeline refused to retrain (too few labelled frauds); the message says why.</exception>
    public static DriftExperimentResult Run(LabelledDataset dataset, DriftExperimentPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(plan);

        if (dataset.Transactions.Count == 0 || dataset.Transactions[^1].DayUtc < plan.PostDrift.TestLastDay)
        {
            throw new ArgumentException(
                $"The data must run to the end of the post-drift test week, {plan.PostDrift.TestLastDay:yyyy-MM-dd}; simulate more days.",
                nameof(dataset));
        }

        var championSplit = plan.Champion.Split(dataset.Transactions);
        var postDriftSplit = plan.PostDrift.Split(dataset.Transactions);
        var championModel = ModelTrainer.Train(
            TrainingSet.FromRows(dataset, championSplit.TrainRows.AsSpan()), plan.Settings.Parameters, progress: null, cancellationToken);
        var champion = TreeEnsemble.FromXGBoostJson(championModel);

        var outcome = RetrainingPipeline.Run(ProductionRows(dataset, plan), champion, championModel, plan.Settings, cancellationToken);
        if (outcome.WasRefused)
        {
            throw new InvalidOperationException($"Retraining on {plan.RetrainingDay:yyyy-MM-dd} was refused: {outcome.Verdict}");
        }

        var challenger = TreeEnsemble.FromXGBoostJson(outcome.ChallengerModel!);
        return new DriftExperimentResult(
            plan,
            championModel,
            HoldoutEvaluation.Evaluate("champion", champion, dataset, championSplit),
            HoldoutEvaluation.Evaluate("champion", champion, dataset, postDriftSplit),
            HoldoutEvaluation.Evaluate("challenger", challenger, dataset, postDriftSplit),
            outcome);
    }

    /// <summary>
    /// What the decision log holds on the retraining day: every transaction of the pipeline's window with the features
    /// scoring saw; labels only where they have arrived (days up to <see cref="DriftExperimentPlan.LastLabelledDay"/>), as
    /// in production the last week's frauds are not yet known. The pipeline ignores those days anyway: they only tell
    /// it what "today" is.
    /// </summary>
    internal static LabelledRows ProductionRows(LabelledDataset dataset, DriftExperimentPlan plan)
    {
        var rows = new LabelledRows();
        var transactions = dataset.Transactions;
        Span<float> features = stackalloc float[FeatureSchema.Count];
        for (var i = 0; i < transactions.Count; i++)
        {
            var transaction = transactions[i];
            var day = transaction.DayUtc;
            if (day < plan.FirstProductionDay || day > plan.RetrainingDay)
            {
                continue;
            }

            var row = dataset.Features.Row(i);
            for (var j = 0; j < FeatureSchema.Count; j++)
            {
                features[j] = (float)row[j];
            }

            rows.Add(transaction.UnixSeconds, transaction.CustomerId, transaction.IsFraud && day <= plan.LastLabelledDay, features);
        }

        return rows;
    }
}
