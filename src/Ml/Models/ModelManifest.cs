using System.Collections.Immutable;

namespace FraudActors.Ml.Models;

/// <summary>
/// Everything recorded about a model version: which bytes (by hash), how it was made (data window and hash,
/// parameters, feature schema, parent) and how it scored on its holdout. Immutable once written.
/// </summary>
/// <param name="Version">Unique name, e.g. <c>20180801T000000Z-1a2b3c4d</c> (creation time, artifact hash prefix).</param>
/// <param name="ArtifactSha256">SHA-256 of the XGBoost JSON model in the artifact store.</param>
/// <param name="CreatedAt">When it was trained.</param>
/// <param name="CreatedBy">What made it (<c>fraudctl train</c>, <c>retraining</c>, <c>import</c>).</param>
/// <param name="ParentVersion">The model it was fine-tuned from or replaces, if any.</param>
/// <param name="Training">The training data.</param>
/// <param name="Parameters">Training parameters by XGBoost name.</param>
/// <param name="FeatureSchemaHash">Hash of the feature names it expects (see <c>FeatureSchema.Hash</c>).</param>
/// <param name="FeatureNames">The feature names it expects, in order.</param>
/// <param name="Holdout">Scores on the holdout it was evaluated on, if it was.</param>
public sealed record ModelManifest(
    string Version,
    string ArtifactSha256,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? ParentVersion,
    TrainingDataSummary Training,
    ImmutableSortedDictionary<string, string> Parameters,
    string FeatureSchemaHash,
    ImmutableArray<string> FeatureNames,
    HoldoutScores? Holdout)
{
    /// <summary>The conventional version name: creation time and the first 8 hex digits of the artifact hash.</summary>
    public static string NewVersion(DateTimeOffset createdAt, string artifactSha256) =>
        $"{createdAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{artifactSha256[..8]}";
}

/// <summary>The data a model was trained on.</summary>
/// <param name="From">First day of the training window (UTC).</param>
/// <param name="To">Last day of the training window (UTC), inclusive.</param>
/// <param name="Rows">Training rows.</param>
/// <param name="Frauds">Fraudulent training rows.</param>
/// <param name="DataSha256">SHA-256 of the training matrix and labels, so the same data can be recognised.</param>
/// <param name="Source">Where the rows came from (a CSV path, <c>decision log</c>, …).</param>
public sealed record TrainingDataSummary(DateOnly From, DateOnly To, int Rows, int Frauds, string DataSha256, string Source);

/// <summary>A model's scores on a time-based holdout (the handbook protocol).</summary>
/// <param name="From">First test day.</param>
/// <param name="To">Last test day, inclusive.</param>
/// <param name="Rows">Test rows after the known-compromised filter.</param>
/// <param name="Frauds">Fraudulent test rows.</param>
/// <param name="AucRoc">Area under the ROC curve.</param>
/// <param name="AveragePrecision">Average precision.</param>
/// <param name="CardPrecisionAt100">Mean daily card precision at 100.</param>
public sealed record HoldoutScores(DateOnly From, DateOnly To, int Rows, int Frauds, double AucRoc, double AveragePrecision, double CardPrecisionAt100);
