using FraudActors.Ml.Training;

namespace FraudActors.Ml.Evaluation;

/// <summary>What <see cref="DriftExperiment"/> measured.</summary>
/// <param name="Plan">The calendar it followed.</param>
/// <param name="ChampionModel">The champion in XGBoost's JSON format (to score other data with, e.g. a no-drift control).</param>
/// <param name="ChampionBeforeDrift">The champion on its own test week, before the drift.</param>
/// <param name="ChampionAfterDrift">The champion on the post-drift test week.</param>
/// <param name="ChallengerAfterDrift">The retrained challenger on the same post-drift test week.</param>
/// <param name="Retraining">The pipeline's outcome: training window, and champion vs challenger on its holdout.</param>
public sealed record DriftExperimentResult(
    DriftExperimentPlan Plan,
    byte[] ChampionModel,
    EvaluationReport ChampionBeforeDrift,
    EvaluationReport ChampionAfterDrift,
    EvaluationReport ChallengerAfterDrift,
    RetrainingOutcome Retraining);
