namespace FraudActors.Grains.Interfaces.Models;

/// <summary>What is known about a model version (the wire form of its manifest).</summary>
/// <param name="Version">Unique version name.</param>
/// <param name="ArtifactSha256">SHA-256 of the model artifact.</param>
/// <param name="CreatedAt">When it was trained.</param>
/// <param name="CreatedBy">What made it (fraudctl train, retraining after k labels, drift, admin request, import).</param>
/// <param name="ParentVersion">The champion it was trained to replace or fine-tuned from.</param>
/// <param name="TrainingFrom">First day of its training window.</param>
/// <param name="TrainingTo">Last day of its training window.</param>
/// <param name="TrainingRows">Training rows.</param>
/// <param name="TrainingFrauds">Fraudulent training rows.</param>
/// <param name="TrainingDataSha256">Hash of the exact training matrix and labels.</param>
/// <param name="Parameters">Training parameters by XGBoost name.</param>
/// <param name="FeatureSchemaHash">Hash of the feature names it expects.</param>
/// <param name="Holdout">Scores on its holdout, if evaluated.</param>
public sealed record ModelDescription(
    string Version,
    string ArtifactSha256,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? ParentVersion,
    DateOnly TrainingFrom,
    DateOnly TrainingTo,
    int TrainingRows,
    int TrainingFrauds,
    string TrainingDataSha256,
    IReadOnlyDictionary<string, string> Parameters,
    string FeatureSchemaHash,
    ModelScores? Holdout)
{
    /// <summary>Equal in every field, parameters compared by content (record equality would compare the dictionary's identity).</summary>
    public bool SameAs(ModelDescription other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with { Parameters = other.Parameters } == other
            && Parameters.Count == other.Parameters.Count
            && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var value) && value == p.Value);
    }
}

/// <summary>A model's scores on a time-based holdout.</summary>
/// <param name="From">First holdout day.</param>
/// <param name="To">Last holdout day.</param>
/// <param name="Rows">Holdout rows.</param>
/// <param name="Frauds">Fraudulent holdout rows.</param>
/// <param name="AucRoc">Area under the ROC curve.</param>
/// <param name="AveragePrecision">Average precision.</param>
/// <param name="CardPrecisionAt100">Mean daily card precision at 100.</param>
public sealed record ModelScores(DateOnly From, DateOnly To, int Rows, int Frauds, double AucRoc, double AveragePrecision, double CardPrecisionAt100);
