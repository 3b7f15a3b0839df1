using System.Collections.Immutable;

namespace FraudActors.Grains.Interfaces;

/// <summary>The decision on one transaction, as logged durably before it was returned.</summary>
/// <param name="TransactionId">The scored transaction.</param>
/// <param name="Score">Fraud probability from the model, in [0, 1].</param>
/// <param name="Decision">The decision by thresholds.</param>
/// <param name="ModelVersion">The model version that produced the score.</param>
/// <param name="Reasons">The features that pushed the score up most, strongest first.</param>
/// <param name="Explanation">How the reasons' contributions were computed.</param>
/// <param name="Features">The model inputs, by name, in schema order.</param>
/// <param name="DecidedAt">When the decision was made (server clock).</param>
/// <param name="Replayed">True when this is the logged decision of an earlier request with the same transaction id.</param>
/// <param name="Shadow">The challenger's score in shadow mode: logged for comparison, never used to decide.</param>
public sealed record ScoreResult(
    string TransactionId,
    double Score,
    Decision Decision,
    string ModelVersion,
    ImmutableArray<Reason> Reasons,
    ExplanationMethod Explanation,
    ImmutableArray<FeatureValue> Features,
    DateTimeOffset DecidedAt,
    bool Replayed,
    ShadowScore? Shadow = null);

/// <summary>What the challenger would have decided (shadow mode).</summary>
/// <param name="ModelVersion">The challenger's version.</param>
/// <param name="Score">Its score.</param>
/// <param name="Decision">The decision its score would have led to.</param>
public sealed record ShadowScore(string ModelVersion, double Score, Decision Decision);

/// <summary>One explanation of a score: a feature, its value, and how much it moved the model's log-odds.</summary>
/// <param name="Feature">The feature name.</param>
/// <param name="Value">The feature's value for this transaction.</param>
/// <param name="Contribution">Its contribution to the model's margin (log-odds); positive pushes toward fraud.</param>
public sealed record Reason(string Feature, double Value, double Contribution);

/// <summary>A named model input.</summary>
/// <param name="Name">The feature name.</param>
/// <param name="Value">Its value.</param>
public readonly record struct FeatureValue(string Name, double Value);

/// <summary>How a decision's reasons were computed.</summary>
public enum ExplanationMethod
{
    /// <summary>
    /// Path attribution (Saabas): each split on the path credits its feature with the change in the node's mean.
    /// Additive like SHAP and about as cheap as the prediction itself.
    /// </summary>
    PathAttribution = 0,

    /// <summary>Exact path-dependent TreeSHAP (Lundberg et al.): Shapley values, two orders of magnitude costlier.</summary>
    TreeShap = 1,
}
