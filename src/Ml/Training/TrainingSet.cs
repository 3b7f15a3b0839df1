using System.Security.Cryptography;
using System.Runtime.InteropServices;
using FraudActors.Ml.Features;

namespace FraudActors.Ml.Training;

/// <summary>
/// Rows chosen for training, in XGBoost's input shape (row-major floats and float labels), with a SHA-256 of the
/// exact matrix and labels so a manifest can say which data made a model.
/// </summary>
public sealed class TrainingSet
{
    /// <summary>Creates a training set from features and labels already in model-input shape.</summary>
    /// <exception cref="ArgumentException">Lengths disagree or the set is empty.</exception>
    public TrainingSet(float[] features, float[] labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0 || features.Length != labels.Length * FeatureSchema.Count)
        {
            throw new ArgumentException(
                $"A training set needs rows: {features.Length} feature values for {labels.Length} labels at {FeatureSchema.Count} features a row.");
        }

        Features = features;
        Labels = labels;
        Frauds = labels.Count(label => label > 0.5f);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes(features.AsSpan()));
        hash.AppendData(MemoryMarshal.AsBytes(labels.AsSpan()));
        DataSha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Row-major features, <see cref="FeatureSchema.Count"/> per row.</summary>
    public float[] Features { get; }

    /// <summary>1 for fraud, 0 otherwise.</summary>
    public float[] Labels { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => Labels.Length;

    /// <summary>Number of fraudulent rows.</summary>
    public int Frauds { get; }

    /// <summary>SHA-256 of the features' and labels' bytes.</summary>
    public string DataSha256 { get; }

    /// <summary>Selects rows of a dataset.</summary>
    public static TrainingSet FromRows(LabelledDataset dataset, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var features = new float[rows.Length * FeatureSchema.Count];
        var labels = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = dataset.Features.Row(rows[i]);
            var destination = features.AsSpan(i * FeatureSchema.Count, FeatureSchema.Count);
            for (var j = 0; j < FeatureSchema.Count; j++)
            {
                destination[j] = (float)row[j];
            }

            labels[i] = dataset.Transactions[rows[i]].IsFraud ? 1f : 0f;
        }

        return new TrainingSet(features, labels);
    }
}
