using System.Collections.Immutable;

namespace FraudActors.Ml.Evaluation;

/// <summary>
/// The handbook's published numbers on its simulated data (reference §3 and §4), kept as data so that any model's
/// report can be set beside any of them.
/// </summary>
public static class HandbookReference
{
    private const string DefaultSplit = "book, default split";
    private const string AfterModelSelection = "book, after prequential model selection";

    /// <summary>Training transactions of the book's default split.</summary>
    public const int TrainRows = 67_240;

    /// <summary>Frauds among the book's training transactions.</summary>
    public const int TrainFrauds = 598;

    /// <summary>Test transactions of the book's default split after removing known-compromised cards.</summary>
    public const int TestRows = 58_264;

    /// <summary>Frauds among the book's filtered test transactions.</summary>
    public const int TestFrauds = 385;

    /// <summary>XGBoost with the library defaults on the default split: 0.862 / 0.639 / 0.273.</summary>
    public static ReferenceScores Xgboost { get; } = new("XGBoost", DefaultSplit, new(0.862, 0.639, 0.273));

    /// <summary>What a random scorer gets on the default split: 0.5 / 0.007 / 0.017.</summary>
    public static ReferenceScores RandomScorer { get; } = new("random scorer", DefaultSplit, new(0.5, 0.007, 0.017));

    /// <summary>The book's table for models trained with default settings on the default split, and the random scorer.</summary>
    public static ImmutableArray<ReferenceScores> DefaultSplitScores { get; } =
    [
        new("decision tree, depth 2", DefaultSplit, new(0.763, 0.496, 0.241)),
        new("decision tree, unlimited depth", DefaultSplit, new(0.788, 0.309, 0.243)),
        new("logistic regression", DefaultSplit, new(0.871, 0.606, 0.291)),
        new("random forest", DefaultSplit, new(0.867, 0.658, 0.287)),
        Xgboost,
        RandomScorer,
    ];

    /// <summary>The book's table after prequential model selection (best on validation, scored on the test folds).</summary>
    public static ImmutableArray<ReferenceScores> ModelSelectionScores { get; } =
    [
        new("random forest", AfterModelSelection, new(0.870, 0.678, 0.299)),
        new("XGBoost (depth 3, lr 0.3, 25–100 trees)", AfterModelSelection, new(0.869, 0.687, 0.303)),
        new("feed-forward network", AfterModelSelection, new(0.876, 0.675, 0.303)),
        new("balanced bagging", AfterModelSelection, new(0.879, 0.680, 0.305)),
    ];

    /// <summary>The book's tuned XGBoost on real e-commerce data: 0.928 / 0.095 / 0.235 (not comparable to simulated data).</summary>
    public static ReferenceScores XgboostOnRealData { get; } =
        new("XGBoost, tuned", "book, real e-commerce data", new(0.928, 0.095, 0.235));

    /// <summary>What a report is set beside unless the caller chooses: the book's XGBoost and the random scorer.</summary>
    public static ImmutableArray<ReferenceScores> DefaultComparison { get; } = [Xgboost, RandomScorer];
}
