using FraudActors.Ml.Training;

namespace FraudActors.Ml.Evaluation;

/// <summary>
/// The calendar of a concept-drift experiment (<see cref="DriftExperiment"/>): where the champion is trained and first
/// tested, the day production retrains, and the week after it on which old and new model are compared.
/// </summary>
/// <param name="Champion">The champion's handbook split, entirely before the drift.</param>
/// <param name="RetrainingDay">The last day of production rows handed to <see cref="RetrainingPipeline"/> ("today").</param>
/// <param name="PostDrift">The handbook split whose test week follows <see cref="RetrainingDay"/>; only its test set is used.</param>
/// <param name="Settings">How the pipeline trains and judges the challenger; the champion is trained with the same parameters.</param>
public sealed record DriftExperimentPlan(
    HandbookProtocol Champion, DateOnly RetrainingDay, HandbookProtocol PostDrift, RetrainingSettings Settings)
{
    /// <summary>
    /// The plan around a drift starting on <paramref name="driftStart"/>, with the book's 7/7/7-day periods: the
    /// champion's test week ends the day before the drift (with the default 2018-08-15 start that is the book's own
    /// split); production retrains on the first day its training window lies wholly after the drift starts
    /// (maturity + holdout + training days later); the post-drift test week is the 7 days after that.
    /// </summary>
    /// <param name="driftStart">The first day of the new fraud pattern.</param>
    /// <param name="settings">The retraining settings (windows, parameters).</param>
    public static DriftExperimentPlan Around(DateOnly driftStart, RetrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        const int periodDays = 7;
        var champion = new HandbookProtocol(driftStart.AddDays(-3 * periodDays), periodDays, periodDays, periodDays);
        var retrainingDay = driftStart.AddDays(settings.TrainingDays + settings.HoldoutDays + settings.LabelMaturityDays - 1);
        var postDrift = new HandbookProtocol(retrainingDay.AddDays(1 - (2 * periodDays)), periodDays, periodDays, periodDays);
        return new DriftExperimentPlan(champion, retrainingDay, postDrift, settings);
    }

    /// <summary>The first day of production rows the pipeline can use: its training window's first day.</summary>
    public DateOnly FirstProductionDay =>
        RetrainingDay.AddDays(1 - (Settings.TrainingDays + Settings.HoldoutDays + Settings.LabelMaturityDays));

    /// <summary>The last day whose labels are known on <see cref="RetrainingDay"/>.</summary>
    public DateOnly LastLabelledDay => RetrainingDay.AddDays(-Settings.LabelMaturityDays);
}
