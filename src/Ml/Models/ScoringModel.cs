using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Features;
using FraudActors.Ml.Trees;

namespace FraudActors.Ml.Models;

/// <summary>
/// A model ready to score: its manifest and its trees, loaded only after the artifact's bytes matched the
/// manifest's hash and its features matched <see cref="FeatureSchema"/>. Immutable and thread-safe.
/// </summary>
public sealed class ScoringModel
{
    private ScoringModel(ModelManifest manifest, TreeEnsemble ensemble)
    {
        Manifest = manifest;
        Ensemble = ensemble;
    }

    /// <summary>What is known about the model.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The version name.</summary>
    public string Version => Manifest.Version;

    /// <summary>The trees.</summary>
    public TreeEnsemble Ensemble { get; }

    /// <summary>Checks and parses a model artifact.</summary>
    /// <exception cref="ArtifactCorruptedException">The bytes do not hash to the manifest's artifact hash.</exception>
    /// <exception cref="InvalidDataException">The model expects other features than this build computes.</exception>
    public static ScoringModel Load(ModelManifest manifest, ReadOnlySpan<byte> artifact)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var actual = ContentHash.Of(artifact);
        if (actual != manifest.ArtifactSha256)
        {
            throw new ArtifactCorruptedException(manifest.ArtifactSha256, actual);
        }

        if (manifest.FeatureSchemaHash != FeatureSchema.Hash)
        {
            throw new InvalidDataException(
                $"Model {manifest.Version} was trained on feature schema {manifest.FeatureSchemaHash}; this build computes {FeatureSchema.Hash}.");
        }

        var ensemble = TreeEnsemble.FromXGBoostJson(artifact);
        if (ensemble.FeatureCount != FeatureSchema.Count)
        {
            throw new InvalidDataException(
                $"Model {manifest.Version} takes {ensemble.FeatureCount} features; the schema has {FeatureSchema.Count}.");
        }

        return new ScoringModel(manifest, ensemble);
    }

    /// <summary>Fraud probability of one feature vector in schema order.</summary>
    public float Score(ReadOnlySpan<float> features) => Ensemble.PredictProbability(features);

    /// <summary>
    /// Contributions of each feature to the margin (log-odds), plus the bias last, into
    /// <paramref name="contributions"/> (length <see cref="FeatureSchema.Count"/> + 1).
    /// </summary>
    /// <param name="features">The feature vector.</param>
    /// <param name="exact">True for exact TreeSHAP (~400 µs here), false for path attribution (~5 µs).</param>
    /// <param name="contributions">Receives the contributions.</param>
    public void Explain(ReadOnlySpan<float> features, bool exact, Span<float> contributions)
    {
        if (exact)
        {
            Ensemble.ShapContributions(features, contributions);
        }
        else
        {
            Ensemble.SaabasContributions(features, contributions);
        }
    }
}
