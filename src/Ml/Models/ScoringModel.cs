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
    private ScoringModel(string version, string artifactSha256, TreeEnsemble ensemble)
    {
        Version = version;
        ArtifactSha256 = artifactSha256;
        Ensemble = ensemble;
    }

    /// <summary>The version name.</summary>
    public string Version { get; }

    /// <summary>SHA-256 of the artifact the trees were read from.</summary>
    public string ArtifactSha256 { get; }

    /// <summary>The trees.</summary>
    public TreeEnsemble Ensemble { get; }

    /// <summary>Checks and parses a model artifact.</summary>
    /// <exception cref="ArtifactCorruptedException">The bytes do not hash to the manifest's artifact hash.</exception>
    /// <exception cref="InvalidDataException">The model expects other features than this build computes.</exception>
    public static ScoringModel Load(ModelManifest manifest, ReadOnlySpan<byte> artifact)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Load(manifest.Version, manifest.ArtifactSha256, manifest.FeatureSchemaHash, artifact);
    }

    /// <summary>Checks and parses a model artifact known by its version, hash and feature schema.</summary>
    /// <exception cref="ArtifactCorruptedException">The bytes do not hash to <paramref name="artifactSha256"/>.</exception>
    /// <exception cref="InvalidDataException">The model expects other features than this build computes.</exception>
    public static ScoringModel Load(string version, string artifactSha256, string featureSchemaHash, ReadOnlySpan<byte> artifact)
    {
        var actual = ContentHash.Of(artifact);
        if (actual != artifactSha256)
        {
            throw new ArtifactCorruptedException(artifactSha256, actual);
        }

        if (featureSchemaHash != FeatureSchema.Hash)
        {
            throw new InvalidDataException(
                $"Model {version} was trained on feature schema {featureSchemaHash}; this build computes {FeatureSchema.Hash}.");
        }

        var ensemble = TreeEnsemble.FromXGBoostJson(artifact);
        if (ensemble.FeatureCount != FeatureSchema.Count)
        {
            throw new InvalidDataException(
                $"Model {version} takes {ensemble.FeatureCount} features; the schema has {FeatureSchema.Count}.");
        }

        return new ScoringModel(version, artifactSha256, ensemble);
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
