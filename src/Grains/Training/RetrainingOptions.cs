using FraudActors.Ml.Training;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Grains.Training;

/// <summary>Retraining settings from configuration (section <c>Retraining</c>); defaults are those of <see cref="RetrainingSettings"/>.</summary>
public sealed class RetrainingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Retraining";

    private static readonly RetrainingSettings Defaults = new();

    /// <summary>See <see cref="RetrainingSettings.LabelMaturityDays"/>. Default 7.</summary>
    public int LabelMaturityDays { get; set; } = Defaults.LabelMaturityDays;

    /// <summary>See <see cref="RetrainingSettings.HoldoutDays"/>. Default 7.</summary>
    public int HoldoutDays { get; set; } = Defaults.HoldoutDays;

    /// <summary>See <see cref="RetrainingSettings.TrainingDays"/>. Default 14.</summary>
    public int TrainingDays { get; set; } = Defaults.TrainingDays;

    /// <summary>See <see cref="RetrainingSettings.PromotionMargin"/>. Default 0.005.</summary>
    public double PromotionMargin { get; set; } = Defaults.PromotionMargin;

    /// <summary>See <see cref="RetrainingSettings.MinTrainingFrauds"/>. Default 20.</summary>
    public int MinTrainingFrauds { get; set; } = Defaults.MinTrainingFrauds;

    /// <summary>See <see cref="RetrainingSettings.MinHoldoutFrauds"/>. Default 5.</summary>
    public int MinHoldoutFrauds { get; set; } = Defaults.MinHoldoutFrauds;

    /// <summary>See <see cref="RetrainingSettings.FineTune"/>. Default false.</summary>
    public bool FineTune { get; set; } = Defaults.FineTune;

    /// <summary>XGBoost tree method. Default exact (the handbook's).</summary>
    public string TreeMethod { get; set; } = Defaults.Parameters.TreeMethod;

    /// <summary>Boosting rounds. Default 100.</summary>
    public int Rounds { get; set; } = Defaults.Parameters.Rounds;

    /// <summary>Tree depth. Default 6.</summary>
    public int MaxDepth { get; set; } = Defaults.Parameters.MaxDepth;

    /// <summary>Learning rate. Default 0.3.</summary>
    public double Eta { get; set; } = Defaults.Parameters.Eta;

    /// <summary>Training threads. Default 1, leaving the other core to scoring.</summary>
    public int Threads { get; set; } = Defaults.Parameters.Threads;

    /// <summary>Labels between automatic retraining requests; 0 turns them off. Default 1,000.</summary>
    public int RetrainEveryLabels { get; set; } = 1000;

    /// <summary>The pipeline's settings.</summary>
    public RetrainingSettings ToSettings(bool? fineTune) => new()
    {
        LabelMaturityDays = LabelMaturityDays,
        HoldoutDays = HoldoutDays,
        TrainingDays = TrainingDays,
        PromotionMargin = PromotionMargin,
        MinTrainingFrauds = MinTrainingFrauds,
        MinHoldoutFrauds = MinHoldoutFrauds,
        FineTune = fineTune ?? FineTune,
        Parameters = new BoosterParameters { TreeMethod = TreeMethod, Rounds = Rounds, MaxDepth = MaxDepth, Eta = Eta, Threads = Threads },
    };
}
