using FraudActors.Ml.XGBoost;

namespace FraudActors.Ml.Training;

/// <summary>How a challenger is trained and judged. Every default is stated.</summary>
public sealed record RetrainingSettings
{
    /// <summary>
    /// Days after which a transaction without a fraud label is taken as genuine (labels arrive late). Default 7, the
    /// handbook's delay: only matured days are used, for training and for the holdout alike.
    /// </summary>
    public int LabelMaturityDays { get; init; } = 7;

    /// <summary>Most recent matured days held out to compare challenger and champion. Default 7.</summary>
    public int HoldoutDays { get; init; } = 7;

    /// <summary>Days before the holdout used for training. Default 14.</summary>
    public int TrainingDays { get; init; } = 14;

    /// <summary>
    /// How much better the challenger's average precision must be to be promoted automatically; its CP@100 may also
    /// not be worse by more than this. Default 0.005. A negative margin lets through a challenger worse by up to its size
    /// on both metrics (to force a refresh, or in tests of the lifecycle).
    /// </summary>
    public double PromotionMargin { get; init; } = 0.005;

    /// <summary>Fewest frauds in the training window, and in the holdout, to judge at all. Default 20 and 5.</summary>
    public int MinTrainingFrauds { get; init; } = 20;

    /// <summary>Fewest frauds in the holdout. Default 5.</summary>
    public int MinHoldoutFrauds { get; init; } = 5;

    /// <summary>
    /// Continue boosting from the champion instead of training from scratch. Default false: from scratch, which
    /// forgets a pattern that has gone as readily as it learns one that has come.
    /// </summary>
    public bool FineTune { get; init; }

    /// <summary>
    /// XGBoost parameters of the challenger. Default: the library's defaults as in the handbook (100 trees, depth 6,
    /// eta 0.3, exact) on one thread, so training leaves the other core to scoring.
    /// </summary>
    public BoosterParameters Parameters { get; init; } = new() { Threads = 1 };

    /// <summary>Rounds added when fine-tuning. Default 30.</summary>
    public int FineTuneRounds { get; init; } = 30;
}
